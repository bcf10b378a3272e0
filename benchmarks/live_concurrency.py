"""Live HumanEval through `aic bench` at `max_concurrency` 1 and N, side by side in one run: the same tasks, the
candidate pool of the behaviour choice with the project's defaults (samples, agree, max_repairs), the embedded
model. The arms take turns chunk by chunk (so noise on the machine hits both alike), each chunk a fresh `aic
bench` process (its model load is in its time, alike for both arms). Prints per arm the time and the model
calls per task and pass@1 of the emitted function, then the ratio of the times.

At N the functions' candidates are decoded in parallel slots, which round differently from decoding alone, so
the two arms may get differently worded replies and pass a different number of tasks (see README, *Calls in
flight*); the time is what this measures.

    .venv/bin/python benchmarks/live_concurrency.py [--offset 0] [--limit 10] [--chunk 5] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AIC = ROOT / ".venv" / "bin" / "aic"


@dataclass
class Arm:
    level: int
    tasks: int = 0
    seconds: float = 0.0
    calls: int = 0
    passed: int = 0


def run_chunk(arm: Arm, offset: int, limit: int, folder: Path) -> None:
    config = folder / f"c{arm.level}" / "pyproject.toml"
    config.parent.mkdir(exist_ok=True)
    config.write_text(f'[project]\nname = "bench"\nversion = "0"\n[tool.aic]\nmax_concurrency = {arm.level}\n')
    out = folder / f"{arm.level}-{offset}.json"
    command = [str(AIC), "bench", "--suite", "humaneval", "--offset", str(offset), "--limit", str(limit),
               "--config", str(config), "--out", str(out)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"aic bench failed at offset {offset}, max_concurrency {arm.level}: {done.stderr.strip()}")
    data = json.loads(out.read_text(encoding="utf-8"))
    summary = data["summary"]
    arm.tasks += summary["tasks"]
    arm.seconds += summary["seconds"]
    arm.calls += summary["samples"]
    arm.passed += round(summary["selected_pass@1"] * summary["tasks"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--chunk", type=int, default=5, help="tasks per turn of each arm")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    if args.limit < 1 or args.chunk < 1 or args.concurrency < 2:
        parser.error("--limit and --chunk must be at least 1, --concurrency at least 2")
    arms = [Arm(1), Arm(args.concurrency)]
    with tempfile.TemporaryDirectory(prefix="aic-live-") as folder:
        for start in range(args.offset, args.offset + args.limit, args.chunk):
            size = min(args.chunk, args.offset + args.limit - start)
            for arm in arms:
                run_chunk(arm, start, size, Path(folder))
                print(f"  tasks {start}-{start + size - 1} at {arm.level}: {arm.seconds:.0f} s so far", flush=True)
    print(f"HumanEval/{args.offset}-{args.offset + args.limit - 1}, embedded model, the project's default pool")
    for arm in arms:
        print(
            f"max_concurrency {arm.level}: {arm.seconds / arm.tasks:.1f} s per task, "
            f"{arm.calls / arm.tasks:.1f} calls per task, pass@1 {arm.passed}/{arm.tasks}"
        )
    one, many = (arm.seconds / arm.tasks for arm in arms)
    print(f"time per task at 1 / at {args.concurrency}: {one / many:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
