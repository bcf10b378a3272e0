"""Live HumanEval through `aic bench` under two `[tool.aic]` settings, side by side in one run: by default
`max_concurrency` 1 against 4, or any two arms given as `--arms` (e.g. `extra_samples = 0` against `extra_samples
= 4`). The same tasks, the candidate pool of the behaviour choice with the project's defaults otherwise, the
embedded model. The arms take turns chunk by chunk (so noise on the machine hits both alike), each chunk a fresh
`aic bench` process (its model load is in its time, alike for both arms). Prints per arm the time and the model
calls per task and pass@1 of the emitted function, then the ratio of the times.

At `max_concurrency` above 1 the functions' candidates are decoded in parallel slots, which round differently
from decoding alone, so the two arms may get differently worded replies and pass a different number of tasks
(see README, *Calls in flight*).

    .venv/bin/python benchmarks/live_concurrency.py [--offset 0] [--limit 10] [--chunk 5]
        [--arms "max_concurrency = 1;max_concurrency = 4"] [--common "samples = 4"]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AIC = ROOT / ".venv" / "bin" / "aic"


@dataclass
class Arm:
    name: int  # the arm's position
    setting: str  # `[tool.aic]` lines
    tasks: int = 0
    seconds: float = 0.0
    calls: int = 0
    passed: int = 0  # tasks whose emitted function passes the hidden tests (verified_pass@1)
    selected: int = 0  # ... counting, where nothing was accepted, a first answer that passes them (selected_pass@1)


def run_chunk(arm: Arm, offset: int, limit: int, folder: Path) -> None:
    config = folder / f"c{arm.name}" / "pyproject.toml"
    config.parent.mkdir(exist_ok=True)
    config.write_text(f'[project]\nname = "bench"\nversion = "0"\n[tool.aic]\n{arm.setting}\n')
    out = folder / f"{arm.name}-{offset}.json"
    command = [str(AIC), "bench", "--suite", "humaneval", "--offset", str(offset), "--limit", str(limit),
               "--config", str(config), "--out", str(out)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"aic bench failed at offset {offset}, {arm.setting!r}: {done.stderr.strip()}")
    data = json.loads(out.read_text(encoding="utf-8"))
    summary = data["summary"]
    arm.tasks += summary["tasks"]
    arm.seconds += summary["seconds"]
    arm.calls += summary["samples"]
    arm.passed += round(summary["verified_pass@1"] * summary["tasks"])
    arm.selected += round(summary["selected_pass@1"] * summary["tasks"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--chunk", type=int, default=5, help="tasks per turn of each arm")
    parser.add_argument("--arms", default="max_concurrency = 1;max_concurrency = 4", help="two settings, ';'")
    parser.add_argument("--common", default="", help="a [tool.aic] line both arms share")
    parser.add_argument("--keep", type=Path, help="copy each chunk's `aic bench --out` records here")
    args = parser.parse_args()
    settings = [s.strip() for s in args.arms.split(";")]
    if args.limit < 1 or args.chunk < 1 or len(settings) != 2:
        parser.error("--limit and --chunk must be at least 1, --arms two settings separated by ';'")
    if args.keep is not None and args.keep.exists() and not args.keep.is_dir():
        parser.error(f"--keep {args.keep}: not a folder")
    arms = [Arm(k, f"{setting}\n{args.common}".strip()) for k, setting in enumerate(settings)]
    with tempfile.TemporaryDirectory(prefix="aic-live-") as folder:
        for start in range(args.offset, args.offset + args.limit, args.chunk):
            size = min(args.chunk, args.offset + args.limit - start)
            for arm in arms:
                run_chunk(arm, start, size, Path(folder))
                if args.keep is not None:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(Path(folder, f"{arm.name}-{start}.json"), args.keep)
                done = f"{settings[arm.name]}: {arm.seconds:.0f} s, {arm.calls} calls, {arm.passed} passed so far"
                print(f"  tasks {start}-{start + size - 1}, {done}", flush=True)
    print(f"HumanEval/{args.offset}-{args.offset + args.limit - 1}, embedded model, the project's default pool")
    for arm in arms:
        print(
            f"{settings[arm.name]}: {arm.seconds / arm.tasks:.1f} s per task, "
            f"{arm.calls / arm.tasks:.1f} calls per task, pass@1 {arm.passed}/{arm.tasks} (emitted and right; "
            f"{arm.selected}/{arm.tasks} counting a right answer that was refused where nothing was accepted)"
        )
    first, second = (arm.seconds / arm.tasks for arm in arms)
    print(f"time per task, first arm / second: {first / second:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
