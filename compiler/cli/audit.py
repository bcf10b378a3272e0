"""`aic audit verify [PROJECT]` recomputes the audit log's hash chain (exit 0 intact, 1 naming the first broken
entry); `aic audit show FUNCTION [PROJECT]` prints one function's history (`module.function` or `function`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from aic.files import resolve

HELP = "verify the audit log's hash chain, or show one function's history"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(parser))
    verify = sub.add_parser("verify", help="recompute the hash chain")
    verify.add_argument("project", nargs="?", default=".")
    show = sub.add_parser("show", help="the entries about one function")
    show.add_argument("function")
    show.add_argument("project", nargs="?", default=".")


def run(args: argparse.Namespace) -> int:
    from aic.state.audit import AUDIT_NAME, AuditError, read

    path = resolve(Path(args.project)) / AUDIT_NAME
    try:
        entries = read(path)
    except AuditError as err:
        print(f"aic: audit: {err}", file=sys.stderr)
        return 1
    if args.action == "verify":
        print(f"{path}: {len(entries)} entries, hash chain intact")
        return 0
    wanted = args.function
    found = [e for e in entries if _about(e, wanted)]
    for entry in found:
        rest = {k: v for k, v in entry.items() if k not in ("seq", "prev", "hash", "at", "event")}
        print(f"#{entry['seq']} {entry['at']} {entry['event']}: {json.dumps(rest, sort_keys=True)}")
    if not found:
        print(f"no entries about {wanted} in {path}")
    return 0


def _about(entry: dict[str, object], wanted: str) -> bool:
    names = [str(entry.get("function", ""))] + [str(f) for f in entry.get("functions", []) or []]  # type: ignore[attr-defined]
    return any(n == wanted or n.endswith(f".{wanted}") for n in names if n)
