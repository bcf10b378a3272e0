"""`aic codes`: the table of diagnostic codes (Markdown with --markdown, as docs/codes.md holds it)."""

from __future__ import annotations

import argparse
import sys

from aic.ir import CODES
from aic.ir.codes import render_table

HELP = "list aic's diagnostic codes"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--markdown", action="store_true", help="print the Markdown table of docs/codes.md")


def run(args: argparse.Namespace) -> int:
    if args.markdown:
        sys.stdout.write(render_table())
        return 0
    for entry in CODES.values():
        print(f"{entry.code}  {entry.name:<24} {entry.gate:<10} {entry.severity.value:<8} {entry.summary}")
    return 0
