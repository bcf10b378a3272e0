"""What the embedded model's prompt cache would save, and what it costs: a build-like run of calls (per HumanEval
task, aic's first prompt asked greedily and then sampled, as a function's candidates are) with the runtime's
prompt cache off (aic's setting) and on, side by side in one run, each in a process of its own.

Each arm asks the calls twice, the tasks in order and then in reverse order, and counts the replies that differ
between the two: a reply that depends on the calls before it. The time is the model's time for the first pass.

    .venv/bin/python benchmarks/prompt_cache.py [--tasks 6] [--samples 2] [--tokens 256]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one_arm(reuse: bool, tasks: int, samples: int, tokens: int) -> dict[str, float]:
    """In a child process: the calls in order, timed, then in reverse order; replies that changed."""
    from aic.backends import Request
    from aic.backends.local import LocalBackend
    from aic.bench.suites import humaneval_tasks, task_intent
    from aic.config import DEFAULT_MODEL
    from aic.generate.prompt import ask, with_opening

    requests: list[list[Request]] = []
    with tempfile.TemporaryDirectory() as folder:
        for task in humaneval_tasks()[:tasks]:
            loaded = task_intent(task, Path(folder))
            assert loaded is not None, task.task_id
            messages = with_opening(ask(*loaded, "aic", True), *loaded)
            requests.append([Request(messages, tokens, 0.0 if k == 0 else 0.7, k) for k in range(samples + 1)])
    backend = LocalBackend(DEFAULT_MODEL, reuse_prompts=reuse)
    start = time.perf_counter()
    first = {(t, k): backend.complete(r).text for t, rs in enumerate(requests) for k, r in enumerate(rs)}
    seconds = time.perf_counter() - start
    again = {
        (t, k): backend.complete(r).text for t, rs in reversed(list(enumerate(requests))) for k, r in enumerate(rs)
    }
    changed = sum(first[key] != again[key] for key in first)
    return {"seconds_per_call": seconds / len(first), "changed": changed, "calls": len(first)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=6)
    parser.add_argument("--samples", type=int, default=2)
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--child", choices=("off", "on"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_arm(args.child == "on", args.tasks, args.samples, args.tokens)))
        return 0
    found: dict[str, dict[str, float]] = {}
    for arm in ("off", "on"):
        command = [sys.executable, __file__, "--child", arm, "--tasks", str(args.tasks), "--samples",
                   str(args.samples), "--tokens", str(args.tokens)]  # fmt: skip
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        found[arm] = json.loads(out.strip().splitlines()[-1])
    for arm, row in found.items():
        print(f"prompt cache {arm:<3}: {row['seconds_per_call']:.2f} s per call, "
              f"{row['changed']:.0f} of {row['calls']:.0f} replies changed with the order of the calls")  # fmt: skip
    ratio = found["off"]["seconds_per_call"] / found["on"]["seconds_per_call"]
    print(f"time per call, cache off / on: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
