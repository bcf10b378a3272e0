"""Before/after tests of the rewriters: new nodes out, the old ones untouched."""

from __future__ import annotations

import pytest

from aic.ir import SourceSyntaxError, TextEdit, apply_edits, parse_module, with_source


def test_apply_edits_before_after() -> None:
    before = "import os, sys\nx = 1\n"
    after, count = apply_edits(before, [TextEdit(1, 1, 1, 15, "import os\nimport sys"), TextEdit(2, 5, 2, 6, "2")])
    assert after == "import os\nimport sys\nx = 2\n"
    assert count == 2


def test_overlapping_edit_is_skipped() -> None:
    text, count = apply_edits("abcdef\n", [TextEdit(1, 1, 1, 4, "X"), TextEdit(1, 2, 1, 5, "Y")])
    assert (text, count) == ("Xdef\n", 1)


def test_with_source_returns_a_new_module_and_keeps_the_old() -> None:
    old = parse_module("m.py", "def f() -> int:\n    return 1\n")
    new = with_source(old, "def f() -> int:\n    return 2\n")
    assert new is not old
    assert old.functions[0].body.strip() == "return 1"
    assert new.functions[0].body.strip() == "return 2"
    assert with_source(old, old.source) is old
    with pytest.raises(SourceSyntaxError):
        with_source(old, "def f(:\n")
