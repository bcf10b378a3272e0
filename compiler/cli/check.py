"""`aic check PATH...`: run every gate on Python files and report (text, JSON or SARIF)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from aic.check.driver import CheckResult, check_paths
from aic.check.report import render_json, render_sarif, render_text, use_color
from aic.check.sources import InputError
from aic.config import ConfigError, load_config
from aic.files import output_file, write_atomically
from aic.passes import GATES, PipelineError

HELP = "check Python files with every gate (syntax, types, lint, security, examples, contracts)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (searched recursively)")
    parser.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report here instead of stdout")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    parser.add_argument("--gates", metavar="LIST", help=f"comma-separated subset of: {','.join(GATES)}")
    parser.add_argument("--config", metavar="PYPROJECT", help="read [tool.aic] from this file")
    parser.add_argument("--timings", action="store_true", help="print each pass's time (stderr)")
    parser.add_argument(
        "--dump-ir",
        action="append",
        default=[],
        metavar="AFTER_PASS",
        help="print the IR (canonical JSON) after this pass (stderr); repeatable",
    )


def run(args: argparse.Namespace) -> int:
    only = tuple(g.strip() for g in args.gates.split(",") if g.strip()) if args.gates else ()
    unknown = [g for g in only if g not in GATES]
    try:
        if unknown:
            raise ConfigError(f"--gates: unknown gate {unknown[0]!r} (known: {', '.join(GATES)})")
        if args.output:
            output_file(args.output)
        config = load_config(Path(args.paths[0]), Path(args.config) if args.config else None)
        with _progress() as progress:
            result = check_paths(
                args.paths, config, fix=args.fix, only=only, dump_after=args.dump_ir, progress=progress
            )
    except (ConfigError, InputError, PipelineError) as err:
        print(f"aic: error: {err}", file=sys.stderr)
        return 2
    if args.fix:
        for path, text in sorted(result.changed().items()):
            write_atomically(path, text)
    exit_code = 1 if result.failed else 0
    _emit(args, result, exit_code)
    return exit_code


def _emit(args: argparse.Namespace, result: CheckResult, exit_code: int) -> None:
    timings = {t.name: t.seconds for t in result.timings}
    if args.format == "json":
        report = render_json(result.diagnostics, len(result.files), exit_code, timings if args.timings else None)
    elif args.format == "sarif":
        report = render_sarif(result.diagnostics)
    else:
        sources = {**result.sources, **result.texts}
        color = args.output is None and use_color(sys.stdout)
        report = render_text(result.diagnostics, sources, len(result.files), color)
    if args.output:
        write_atomically(args.output, report)
    else:
        sys.stdout.write(report)
    for name, dump in result.dumps.items():
        sys.stderr.write(f"--- IR after {name} ---\n{dump}\n")
    if args.timings:
        for name, seconds in timings.items():
            sys.stderr.write(f"{name:<10} {seconds * 1000:9.1f} ms\n")


@contextmanager
def _progress() -> Iterator[Callable[[str], None] | None]:
    """A rich progress line on a terminal; nothing when output is piped (hooks, CI)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True) as bar:
        task = bar.add_task("checking", total=None)
        yield lambda name: bar.update(task, description=f"gate: {name}")
