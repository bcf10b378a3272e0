"""`aic adopt FILE`: take a hand edit of a generated module over. The edit is re-verified by every gate; when it
passes, the module is rewritten in canonical form and aic.lock records the edited functions as human-made, with
who and when, so that `aic gate` and later builds accept it. Exit 0 adopted, 1 refused by a gate, 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aic.config import ConfigError

HELP = "take over a hand edit of a generated module: re-verify it and record it in aic.lock"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the edited generated module")
    parser.add_argument("--by", help="who adopts it (default: git config user.email, else the login name)")


def run(args: argparse.Namespace) -> int:
    from aic.generate.intents import IntentError
    from aic.guard.adopt import AdoptError, adopt
    from aic.state.audit import AuditError
    from aic.state.lock import LockError

    path = Path(args.file)
    try:
        refused = adopt(path, args.by)
    except (AdoptError, AuditError, LockError, ConfigError, IntentError) as err:
        print(f"aic: error: {err}", file=sys.stderr)
        return 2
    if refused:
        for d in refused[:10]:
            print(f"{d.span.file}:{d.span.line}: {d.code} {d.message}")
        print(f"aic adopt: {path} refused: the edit does not pass every gate; nothing was recorded")
        return 1
    print(f"aic adopt: {path} adopted and recorded in aic.lock")
    return 0
