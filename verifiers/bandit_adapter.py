"""bandit through its Python API. Findings that one of aic's capabilities covers take that capability's code,
so that `[tool.aic.policy]` allowances and de-duplication treat bandit and aic's own policy alike."""

from __future__ import annotations

import logging
from typing import Any

from aic.ir import Diagnostic, Severity, Span, make
from aic.verifiers.workspace import Placement

TOOL = "bandit"
_SKIPPED = ("B101",)  # assert_used: asserts are how contracts and tests speak, not a vulnerability
_CAPABILITY_CODES = {
    "AIC301": ("B102", "B307"),
    "AIC304": ("B404", "B602", "B603", "B604", "B605", "B606", "B607", "B609"),
    "AIC305": ("B113", "B309", "B310", "B312", "B321", "B401", "B402"),
    "AIC306": ("B301", "B302", "B403", "B506", "B614"),
    "AIC308": ("B608", "B610", "B611"),
    "AIC312": ("B311",),
    "AIC313": ("B105", "B106", "B107"),
    "AIC314": ("B303", "B304", "B305", "B324", "B413", "B505"),
}
_BY_TEST = {test: code for code, tests in _CAPABILITY_CODES.items() for test in tests}


def run_bandit(placement: Placement) -> list[Diagnostic]:
    if not placement.files:
        return []
    from bandit.core import config as bandit_config  # bandit's plugins take a while to load: only when used
    from bandit.core import manager as bandit_manager

    logging.getLogger("bandit").setLevel(logging.CRITICAL)  # bandit logs per-file chatter; aic never prints
    conf = bandit_config.BanditConfig()
    # ignore_nosec: the code under check must not be able to switch its own checks off.
    manager = bandit_manager.BanditManager(
        conf, "file", quiet=True, profile={"exclude": list(_SKIPPED)}, ignore_nosec=True
    )
    manager.discover_files(sorted(placement.files))
    manager.run_tests()
    out: list[Diagnostic] = []
    for issue in manager.get_issue_list():
        path = placement.module_path(issue.fname)
        if path is None:
            continue
        out.append(_diagnostic(issue, path))
    for fname, reason in manager.skipped:
        path = placement.module_path(fname)
        if path is not None:
            out.append(make("AIC003", f"bandit skipped the file: {reason}", TOOL, Span(path, 1)))
    return out


def _diagnostic(issue: Any, path: str) -> Diagnostic:
    test_id = str(issue.test_id)
    severity = Severity.INFO if issue.severity == "LOW" else Severity.ERROR
    code = _BY_TEST.get(test_id, "AIC310" if severity is Severity.INFO else "AIC300")
    line = max(int(issue.lineno), 1)
    column = int(issue.col_offset) + 1
    end_column = int(getattr(issue, "end_col_offset", 0) or 0) + 1
    span = Span(path, line, column, line, end_column if end_column > column else column + 1)
    message = f"{issue.text} (bandit {test_id}, severity {issue.severity}, confidence {issue.confidence})"
    return make(code, message, TOOL, span, severity=severity, tool_code=test_id)
