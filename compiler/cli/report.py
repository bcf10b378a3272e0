"""`aic report [PROJECT] --format html|json|md|sarif [--output PATH]`: the compliance report from aic.lock and the
audit log (html, json, md), or SARIF 2.1.0 of every finding the gates report on the emitted modules now."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aic.config import ConfigError
from aic.files import resolve

HELP = "the compliance report (who/what/which model/which checks) from aic.lock and the audit log"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", nargs="?", default=".", help="the project folder (holding aic.lock)")
    parser.add_argument("--format", choices=("html", "json", "md", "sarif"), default="md")
    parser.add_argument("--output", "-o", metavar="PATH", help="write here instead of stdout (atomically)")


def run(args: argparse.Namespace) -> int:
    from aic.files import output_file, write_atomically
    from aic.guard.compliance import ReportError, collect, render_html, render_json, render_markdown
    from aic.state.lock import LockError

    root = Path(args.project)
    resolve(root)  # a loop of symbolic links is a PathError naming it
    try:
        if args.output:
            output_file(args.output)
        report = collect(root)
        if args.format == "sarif":
            text = _sarif(root, report)
        else:
            text = {"html": render_html, "json": render_json, "md": render_markdown}[args.format](report)
        if args.output:
            write_atomically(args.output, text)
        else:
            sys.stdout.write(text)
    except (ReportError, LockError, ConfigError, OSError) as err:
        print(f"aic: error: {err}", file=sys.stderr)
        return 2
    return 0


def _sarif(root: Path, report: dict[str, object]) -> str:
    from aic.check.driver import check_paths
    from aic.check.report import render_sarif
    from aic.config import load_config

    modules = report["modules"]
    assert isinstance(modules, list)
    outputs = [str(root / m["output"]) for m in modules if (root / m["output"]).is_file()]
    if not outputs:
        return render_sarif([], root)
    config = load_config(root, root / "pyproject.toml" if (root / "pyproject.toml").is_file() else None)
    return render_sarif(list(check_paths(outputs, config).diagnostics), root)
