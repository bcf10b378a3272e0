from __future__ import annotations

import pytest

from aic.ir import CODES, Diagnostic, Severity, Span, dedupe, make
from aic.ir.codes import render_table
from tests.conftest import ROOT


def test_docs_table_matches_the_registry() -> None:
    assert (ROOT / "docs" / "codes.md").read_text(encoding="utf-8") == render_table()


def test_codes_are_unique_and_well_formed() -> None:
    assert all(code == info.code and code.startswith("AIC") for code, info in CODES.items())
    assert len({info.name for info in CODES.values()}) == len(CODES)


def test_diagnostic_rejects_unknown_codes_and_multiline_messages() -> None:
    with pytest.raises(KeyError):
        make("AIC999", "x", "t", Span("a.py", 1))
    with pytest.raises(ValueError):
        Diagnostic("AIC100", Severity.ERROR, "two\nlines", "t", Span("a.py", 1))
    assert make("AIC100", "folded\nmessage", "t", Span("a.py", 1)).message == "folded message"


def test_dedupe_keeps_the_most_severe_and_notes_the_other_tool() -> None:
    span = Span("a.py", 3, 1)
    low = make("AIC304", "import subprocess", "bandit", span, severity=Severity.INFO)
    high = make("AIC304", "call of subprocess", "aic-policy", Span("a.py", 3, 5))
    other = make("AIC100", "type", "mypy", Span("a.py", 1))
    result = dedupe([low, high, other])
    assert [d.code for d in result] == ["AIC100", "AIC304"]
    assert result[1].tool == "aic-policy"
    assert result[1].notes == ("bandit: import subprocess",)
