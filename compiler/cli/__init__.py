"""The `aic` command: `main(argv) -> int`, one module per subcommand.

Exit codes: 0 clean, 1 findings, 2 usage, input, configuration or internal error. Errors are one line on
stderr, never a traceback (set AIC_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType

from aic import __version__
from aic.files import PathError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
# One module per subcommand (aic.cli.<name>: HELP, configure(parser), run(args) -> int), imported only when
# named: `aic gate` in a pre-commit hook pays for the gate alone.
COMMANDS = ("adopt", "audit", "bench", "build", "check", "codes", "gate", "init", "report")


def command(name: str) -> ModuleType:
    return importlib.import_module(f"aic.cli.{name}")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own error exits 2 too, but prints usage first; one line is kinder in hooks and CI logs.
        raise UsageError(message)


class UsageError(Exception):
    pass


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or only subcommand `only` (what a run of it needs to parse)."""
    parser = _Parser(prog="aic", description="A hybrid compiler for LLM-written Python.")
    parser.add_argument("--version", action="version", version=f"aic {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS if only is None else (only,):
        module = command(name)
        module.configure(sub.add_parser(name, help=module.HELP, description=module.HELP))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        named = next((a for a in args_list if not a.startswith("-")), None)
        args = build_parser(named if named in COMMANDS else None).parse_args(args_list)
        if args.command is None:
            build_parser().print_help(sys.stderr)
            return EXIT_ERROR
        result: int = command(args.command).run(args)
        return result
    except (UsageError, PathError) as err:
        print(f"aic: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("aic: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # the last line of defence: one line, no traceback
        if os.environ.get("AIC_DEBUG"):
            traceback.print_exc()
        print(f"aic: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_ERROR
