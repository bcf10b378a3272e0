"""Before/after: `--fix` applies ruff's safe fixes, never unsafe ones, and re-lints what it changed."""

from __future__ import annotations

from aic.passes import PassManager, Unit

BEFORE = "import os, sys\n\n\ndef f(x: int) -> int:\n    return x\n"
AFTER = "def f(x: int) -> int:\n    return x\n"


def test_safe_fixes_are_applied_and_findings_settled() -> None:
    manager = PassManager(["lint", "autofix"])
    result = manager.run(Unit({"m.py": BEFORE}))
    fixed = result.unit.texts["m.py"]
    assert fixed.lstrip("\n") == AFTER
    assert [d for d in result.unit.diagnostics if d.tool == "ruff"] == []


def test_unsafe_fixes_are_left_alone() -> None:
    # F841 (unused local) has only an unsafe fix in ruff: the text must stay as it is, the finding too.
    source = "def f() -> None:\n    x = 1\n"
    result = PassManager(["lint", "autofix"]).run(Unit({"m.py": source}))
    assert result.unit.texts["m.py"] == source
    assert [d.tool_code for d in result.unit.diagnostics] == ["F841"]
