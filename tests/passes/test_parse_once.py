"""Parse once: in one verification every pass reads the same parsed tree of a module's text (`Unit.trees`, set by
the syntax gate), so CPython parses the text once and libcst once (for the IR), whatever gates run."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import libcst
import pytest

from aic.config import build_config
from aic.passes import verify

MODULE = '''def clamp(value: int, low: int, high: int) -> int:
    """Clamp value into [low, high].

    Requires: low <= high
    Ensures: low <= result <= high

    >>> clamp(5, 0, 3)
    3
    """
    return max(low, min(value, high))
'''


def test_every_gate_reads_one_parse_of_the_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real_ast, real_cst = ast.parse, libcst.parse_module

    def counted_ast(source: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append("ast" if source == MODULE else "other")
        return real_ast(source, *args, **kwargs)

    def counted_cst(source: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append("libcst" if source == MODULE else "other")
        return real_cst(source, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counted_ast)
    monkeypatch.setattr(libcst, "parse_module", counted_cst)
    config = build_config({"isolation": "waived"}, None)
    run = verify({str(tmp_path / "m.py"): MODULE}, config)
    assert run.blocking == [], run.diagnostics
    assert {t.name for t in run.timings} >= {"syntax", "lower", "security", "examples", "contracts"}
    assert parsed.count("ast") == 1 and parsed.count("libcst") == 1, parsed
