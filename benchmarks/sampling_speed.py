"""The embedded model's aggregate completion tokens/s for k candidates of one prompt, decoded together in k
parallel slots (continuous batching) against one after another, side by side in one run, with the peak RSS of
each. Each k runs in a process of its own (the slots' memory is allocated when the model loads), which does
both: the k calls one after another, then the k calls at once, alternating which goes first over `--repeat`,
after one untimed warm-up call (the first call pays for paging the weights in).

    .venv/bin/python benchmarks/sampling_speed.py [--ks 1,2,4,8] [--tokens 96] [--repeat 1]

Every call asks for exactly `--tokens` tokens (sampled at T 0.8, each candidate its own seed, as aic's
candidates are; a reply that ends early is counted at its real length).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

PROMPT = (
    "Write a Python function `merge_intervals(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]` that "
    "merges overlapping and touching intervals, with a docstring, then explain it step by step."
)


def one_k(k: int, tokens: int, repeat: int) -> dict[str, float]:
    """In a child process: tokens/s one after another and at once for k candidates, and the peak RSS."""
    from aic.backends import Message, Request
    from aic.backends.local import LocalBackend
    from aic.config import DEFAULT_MODEL

    backend = LocalBackend(DEFAULT_MODEL, parallel=k)
    requests = [Request((Message("user", PROMPT),), tokens, 0.8, seed) for seed in range(k)]
    rates: dict[str, list[float]] = {"sequential": [], "batched": []}
    backend.complete(Request((Message("user", PROMPT),), 16, 0.8, 99))  # warm-up: the weights paged in
    for run in range(repeat):
        order = ("sequential", "batched") if run % 2 == 0 else ("batched", "sequential")
        for how in order:
            start = time.perf_counter()
            if how == "sequential":
                replies = [backend.complete(r) for r in requests]
            else:
                with ThreadPoolExecutor(k) as pool:
                    replies = list(pool.map(backend.complete, requests))
            rates[how].append(sum(r.completion_tokens for r in replies) / (time.perf_counter() - start))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "sequential": sum(rates["sequential"]) / repeat, "batched": sum(rates["batched"]) / repeat, "rss_mb": peak,
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ks", default="1,2,4,8")
    parser.add_argument("--tokens", type=int, default=96)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_k(args.child, args.tokens, args.repeat)))
        return 0
    ks = [int(k) for k in args.ks.split(",")]
    print(f"{'k':>3} {'one after another':>18} {'together':>10} {'ratio':>6} {'peak RSS':>9}")
    for k in ks:
        argv = [sys.executable, __file__, "--child", str(k), "--tokens", str(args.tokens), "--repeat", str(args.repeat)]
        done = subprocess.run(argv, capture_output=True, text=True, check=True)
        found = json.loads(done.stdout.strip().splitlines()[-1])
        ratio = found["batched"] / found["sequential"]
        print(f"{k:>3} {found['sequential']:>12.1f} tok/s {found['batched']:>6.1f} tok/s {ratio:>5.2f}x "
              f"{found['rss_mb']:>6.0f} MB", flush=True)  # fmt: skip
    print("target: >= 1.8x at k = 4 (or the runtime's measured limit on this machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
