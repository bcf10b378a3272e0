"""Runs bandit through its Python API in a worker process (see aic.verifiers.workers), so that its plug-ins load
once and its tests run on one core while aic's in-process gates use the other. Reads one request per line,
{"files": [...], "exclude": [...]}, and answers each with one line {"issues": [...], "skipped": [...]}; anything
bandit itself prints goes to stderr."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from typing import Any


def main() -> None:
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries the JSON answers alone
        # Imported before a request is read: a worker started ahead of its run imports while aic works.
        from bandit.core import config as bandit_config
        from bandit.core import manager as bandit_manager

    logging.getLogger("bandit").setLevel(logging.CRITICAL)  # bandit logs per-file chatter; aic never prints
    for line in sys.stdin:
        request = json.loads(line)
        with contextlib.redirect_stdout(sys.stderr):
            # ignore_nosec: the code under check must not be able to switch its own checks off.
            manager = bandit_manager.BanditManager(
                bandit_config.BanditConfig(), "file", quiet=True, profile={"exclude": request["exclude"]},
                ignore_nosec=True,
            )  # fmt: skip
            manager.discover_files(request["files"])
            manager.run_tests()
            issues = [_issue(issue) for issue in manager.get_issue_list()]
            skipped = [[fname, str(reason)] for fname, reason in manager.skipped]
        sys.stdout.write(json.dumps({"issues": issues, "skipped": skipped}) + "\n")
        sys.stdout.flush()
    os._exit(0)  # nothing to tear down that matters: skip the interpreter's slow exit


def _issue(issue: Any) -> dict[str, object]:
    return {
        "fname": issue.fname,
        "test_id": str(issue.test_id),
        "severity": str(issue.severity),
        "confidence": str(issue.confidence),
        "text": str(issue.text),
        "lineno": int(issue.lineno),
        "col_offset": int(issue.col_offset),
        "end_col_offset": int(getattr(issue, "end_col_offset", 0) or 0),
    }


if __name__ == "__main__":
    main()
