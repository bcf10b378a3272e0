"""How the sandbox compares an example's printed value with the one the docstring shows.

doctest compares text, so `'abc'` does not match a docstring that writes `"abc"`, and `{1: 'a', 2: 'b'}` does not
match `{2: 'b', 1: 'a'}`: the same value written another way. When the text differs, both sides are read as
Python literals and compared as values of the same types (a list is not a tuple, an int is not a float), with
floating-point noise (relative 1e-9) forgiven. A docstring that rounds (`0.33`) still needs the function to print
what it shows: rounding hides a difference in value, not in form. Runs in the sandbox child: stdlib only.
"""

from __future__ import annotations

import doctest
import math
from typing import Any

from aic.ir.pyast import literal

_MAX_TEXT = 100_000  # larger outputs are compared as text only: parsing them is not worth the time


class ValueChecker(doctest.OutputChecker):
    """doctest's comparison, then the same-value comparison of two literals."""

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        if super().check_output(want, got, optionflags):
            return True
        return same_literal(want, got)


def same_literal(want: str, got: str) -> bool:
    """Whether `want` and `got` are Python literals of the same value and types."""
    if not want.strip() or not got.strip() or len(want) + len(got) > _MAX_TEXT:
        return False
    try:
        return _same(literal(want.strip()), literal(got.strip()))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    return bool(a == b)
