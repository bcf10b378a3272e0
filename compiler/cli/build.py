"""`aic build [PROJECT]`: intents -> model -> every gate -> repair -> emit the verified modules and tests.

Functions whose intent is unchanged since aic.lock was written are replayed from it (their code re-verified, no
model call); `--locked` replays only, and an entry missing or stale is an error. Exit 0 when every module was
built and emitted, 1 when a function could not be verified or replayed (nothing unverified is written), 2 for a
malformed intent, configuration or lock, missing weights, a failing backend or a reached budget cap.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aic import backends
from aic.backends import Backend, BackendError
from aic.config import BACKENDS, BuildSettings, Config, ConfigError, load_config
from aic.files import resolve

if TYPE_CHECKING:
    from aic.generate.intents import IntentModule
    from aic.state.cost import Spend

HELP = "generate, verify and emit the modules described by the project's intents"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", nargs="?", default=".", help="the project folder (holding pyproject.toml)")
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="build the other functions after a failure and emit a partial module: each function no "
        "candidate passed is a stub raising NotImplementedError ([tool.aic] partial = true does the same)",
    )
    parser.add_argument("--samples", type=int, help="candidates per function (overrides [tool.aic] samples)")
    parser.add_argument("--extra-samples", type=int, help="more where none passed or they disagree (extra_samples)")
    parser.add_argument("--max-repairs", type=int, help="repair rounds where no fresh candidate passed")
    parser.add_argument("--backend", choices=BACKENDS, help="overrides [tool.aic] backend")
    parser.add_argument("--model", help="overrides [tool.aic] model")
    parser.add_argument("--locked", action="store_true", help="replay aic.lock only: no model call")
    parser.add_argument("--refresh", action="store_true", help="ask the model again for every function")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the reply cache")
    parser.add_argument("--max-tokens", type=int, help="stop before the build's model calls could pass N tokens")
    parser.add_argument("--max-cost", type=float, help="stop before the build's model calls could pass USD X")
    parser.add_argument(
        "--no-context", action="store_true", help="show the model no stub of the project code the intents import"
    )
    parser.add_argument(
        "--explain",
        metavar="NAME",
        help="print the prompt function NAME (module.function) is asked with; build nothing",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _settings(args: argparse.Namespace, settings: BuildSettings) -> BuildSettings:
    overrides = {
        "samples": args.samples, "extra_samples": args.extra_samples, "max_repairs": args.max_repairs,
        "max_tokens": args.max_tokens, "max_cost": args.max_cost, "backend": args.backend, "model": args.model,
        "context_tokens": 0 if args.no_context else None,
    }  # fmt: skip
    given = {k: v for k, v in overrides.items() if v is not None}
    return replace(settings, **given) if given else settings


def run(args: argparse.Namespace) -> int:
    # Imported here: the build's modules (libcst among them) must not slow every other `aic` command down.
    from aic.generate.intents import IntentError
    from aic.generate.project import NoModel, Options, build_project
    from aic.generate.summary import render_json, render_text
    from aic.state.audit import AuditError
    from aic.state.cost import Spend
    from aic.state.lock import LockError

    try:
        config, intents = _project(args)
        if args.explain:
            from aic.generate.explain import explain

            sys.stdout.write(explain(config, intents, args.explain))
            return 0
        backend: Backend = NoModel() if args.locked else backends.make_backend(config.build)
    except (ConfigError, IntentError, BackendError, ValueError) as err:
        print(f"aic: error: {err}", file=sys.stderr)
        return 2
    start, spend = time.perf_counter(), Spend()
    options = Options(locked=args.locked, refresh=args.refresh, keep_going=args.keep_going, cache=not args.no_cache)
    try:
        with _Display(args, sum(len(i.functions) for i in intents), spend) as display:
            outcome = build_project(config, intents, backend, options, display, spend)
    except (LockError, AuditError, BackendError, OSError) as err:
        print(f"aic: error: {err}", file=sys.stderr)
        return 2
    finally:
        backend.close()
    seconds = time.perf_counter() - start
    sys.stdout.write(render_json(outcome, seconds) if args.format == "json" else render_text(outcome, seconds))
    for problem in outcome.problems:
        print(f"aic: error: {problem}", file=sys.stderr)
    if outcome.stopped:
        print(f"aic: error: {outcome.stopped}", file=sys.stderr)
        return 2
    complete = len(outcome.emitted) == len(intents) and not any(r.stubs for r in outcome.results)
    return 0 if complete and not outcome.problems else 1


def _project(args: argparse.Namespace) -> tuple[Config, list[IntentModule]]:
    """The project's configuration (with the command line's overrides) and its intents in build order."""
    from aic.generate.emit import package_name
    from aic.generate.intents import load_intents
    from aic.generate.order import build_order

    root = Path(args.project)
    resolve(root)  # a loop of symbolic links is named as one (PathError), not as a missing pyproject.toml
    if not (root / "pyproject.toml").is_file():
        raise ConfigError(f"{root}: no pyproject.toml (run `aic init {root}` to write a starter)")
    config = load_config(root, root / "pyproject.toml")
    config = replace(config, build=_settings(args, config.build))
    # Dependencies first: an intent importing another's generated module is built after it.
    return config, build_order(load_intents(config.root / config.build.intents), package_name(config.build.output))


class _Display:
    """What a build shows while it runs: on a terminal, a rich progress bar (functions settled of all, model
    calls in flight, completion tokens per second); elsewhere, with text output, a line per function asked; with
    JSON output, nothing."""

    def __init__(self, args: argparse.Namespace, total: int, spend: Spend) -> None:
        from rich.console import Console

        # A stderr of its own: the embedded model points file descriptor 2 at /dev/null while it decodes.
        self.stream, self.owned = _own_stderr()
        self.console = Console(file=self.stream)
        self.lines = args.format == "text" and not self.console.is_terminal
        self.total, self.spend, self.began = total, spend, time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _Display:
        if self.console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            live = _live_column(self.spend, self.began)
            self.bar = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), live, TimeElapsedColumn(),
                                console=self.console, transient=True)  # fmt: skip
            self.bar.__enter__()
            self.task = self.bar.add_task("building", total=self.total)
        return self

    def started(self, name: str) -> None:
        if self.lines:
            print(f"building {name} ...", file=self.stream, flush=True)

    def finished(self, name: str) -> None:
        # A module rebuilt because its locked code no longer passes settles its functions twice.
        if self.bar is not None and self.bar.tasks[0].completed < self.total:
            self.bar.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
        if self.owned:
            self.stream.close()


def _own_stderr() -> tuple[TextIO, bool]:
    """A duplicate of file descriptor 2 (and True), else sys.stderr itself (a test's capture has no descriptor)."""
    try:
        return os.fdopen(os.dup(sys.stderr.fileno()), "w", buffering=1), True
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return sys.stderr, False


def _live_column(spend: Spend, began: float) -> Any:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Live(ProgressColumn):
        def render(self, task: Any) -> Text:
            rate = spend.completion_tokens / max(time.monotonic() - began, 1e-6)
            return Text(f"{spend.flying} in flight, {rate:.1f} tokens/s")

    return Live()
