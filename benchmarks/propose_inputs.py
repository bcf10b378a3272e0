"""The model's proposed probe inputs for a samples file: where a build would ask for them (a function with no probe
of its own, aic.generate.pool.wants_proposals), the same request a build makes (one greedy call per function),
written into the samples file as `{"task_id", "proposed"}` lines, so that `aic bench --samples` compares the
samples on the probes a build would run. The file is rewritten atomically; a task's earlier proposal is replaced.

    .venv/bin/python benchmarks/propose_inputs.py benchmarks/samples/humaneval-qwen2.5-coder-1.5b-10+greedy.jsonl.gz
    .venv/bin/python benchmarks/propose_inputs.py FILE --suite mbpp --data ../shared/data/MbppPlus.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
from pathlib import Path

from aic.backends.local import LocalBackend
from aic.bench.suites import humaneval_tasks, mbpp_tasks, task_intent
from aic.config import BuildSettings
from aic.generate.pool import ask_inputs, wants_proposals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("samples", type=Path)
    parser.add_argument("--suite", choices=("humaneval", "mbpp"), default="humaneval")
    parser.add_argument("--data", type=Path)
    args = parser.parse_args()
    packed = args.samples.suffix == ".gz"
    raw = args.samples.read_bytes()
    lines = [line for line in (gzip.decompress(raw) if packed else raw).decode().splitlines() if line.strip()]
    rows = [json.loads(line) for line in lines]
    present = {row["task_id"] for row in rows}
    every = humaneval_tasks() if args.suite == "humaneval" else mbpp_tasks(args.data)
    tasks = [t for t in every if t.task_id in present]
    settings = BuildSettings()
    backend = LocalBackend(settings.model)
    proposals = {}
    with tempfile.TemporaryDirectory() as folder:
        for task in tasks:
            loaded = task_intent(task, Path(folder))
            if loaded is not None and wants_proposals(loaded[1]):
                _, reply = ask_inputs(backend, *loaded, settings.seed)
                proposals[task.task_id] = reply.text
                print(f"{task.task_id}: {len(reply.text.splitlines())} lines proposed", file=sys.stderr)
    kept = [
        line for line, row in zip(lines, rows, strict=True) if not ("proposed" in row and row["task_id"] in proposals)
    ]
    kept += [json.dumps({"task_id": task_id, "proposed": text}) for task_id, text in proposals.items()]
    text = "".join(line + "\n" for line in kept).encode()
    temporary = args.samples.with_name(args.samples.name + ".tmp")
    temporary.write_bytes(gzip.compress(text, mtime=0) if packed else text)
    os.replace(temporary, args.samples)
    print(f"{len(proposals)} proposals written to {args.samples}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
