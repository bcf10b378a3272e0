"""`aic gate [FILES...]`: the pre-commit hook. Generated modules must be exactly what aic verified and locked,
and the files of a project's intents folder must load as intents; with `--all-python`, every other Python file
must pass the static gates and the security policy too. It never calls a model. Exit 0 clean, 1 refused, 2 bad
input (an unreadable lock, a bad configuration).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aic.config import ConfigError
from aic.passes import PipelineError

HELP = "refuse edited or unverified generated modules (and, with --all-python, failing Python files)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="the files to gate (pre-commit passes the staged ones)"
    )
    parser.add_argument("--all-python", action="store_true", help="gate every Python file, not only generated ones")
    parser.add_argument("--format", choices=("text", "json", "sarif"), default="text")


def run(args: argparse.Namespace) -> int:
    from aic.check.report import render_json, render_sarif, render_text, use_color
    from aic.guard.gate import gate
    from aic.state.audit import AuditError
    from aic.state.lock import LockError

    try:
        result = gate(args.files, args.all_python)
    except (LockError, AuditError, ConfigError, PipelineError) as err:
        print(f"aic: error: {err}", file=sys.stderr)
        return 2
    failed = any(d.severity.value in ("error", "warning") for d in result.diagnostics)
    code = 1 if failed else 0
    files = len(result.generated) + len(result.tests) + len(result.intents) + len(result.other)
    if args.format == "json":
        sys.stdout.write(render_json(result.diagnostics, files, code))
    elif args.format == "sarif":
        sys.stdout.write(render_sarif(result.diagnostics, Path.cwd()))
    else:
        text = render_text(result.diagnostics, result.sources, files, use_color(sys.stdout))
        sys.stdout.write(text)
        what = f"{len(result.generated)} generated module(s), {len(result.tests)} emitted test file(s)"
        what += f", {len(result.intents)} intent file(s)"
        if args.all_python:
            what += f" and {len(result.other)} other Python file(s)"
        sys.stdout.write(f"aic gate: {what} {'refused' if failed else 'passed'}\n")
    return code
