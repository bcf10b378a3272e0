"""Merge samples files task by task: each task's samples from the first file, then the second's, and so on (a
task's order decides its first sample and, among greedy ones, which is the preferred tie-break of `aic bench
--select behaviour`). Tasks come in the order of the first file that has them. Lines are copied unchanged.

    .venv/bin/python benchmarks/merge_samples.py --out merged.jsonl.gz plain-greedy.jsonl aic-10+greedy.jsonl.gz
    .venv/bin/python benchmarks/merge_samples.py --limit 74 --out first74.jsonl.gz aic-10+greedy.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path


def lines(path: Path) -> list[str]:
    data = path.read_bytes()
    text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")
    return [line for line in text.splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=int, help="only the first N tasks (as `aic bench --limit N` reads them)")
    args = parser.parse_args()
    tasks: dict[str, list[str]] = {}
    for path in args.files:
        for line in lines(path):
            tasks.setdefault(json.loads(line)["task_id"], []).append(line)
    kept = list(tasks.values())[: args.limit]
    text = "".join(f"{line}\n" for group in kept for line in group).encode("utf-8")
    # mtime 0: the same inputs give the same bytes
    args.out.write_bytes(gzip.compress(text, mtime=0) if args.out.suffix == ".gz" else text)
    print(f"{args.out}: {sum(len(g) for g in kept)} samples of {len(kept)} tasks", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
