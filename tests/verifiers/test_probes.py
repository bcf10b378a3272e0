"""Probe inputs (verifiers/probes.py, verifiers/drawing.py): the examples' calls, variations that stay in the
domain the examples show, draws from the signature's types, and proposed calls; all deterministic."""

from __future__ import annotations

import ast

from aic.ir import parse_module
from aic.verifiers.drawing import draw
from aic.verifiers.probes import probes

STUB = '''
def total(xs: list[int], k: int = 1) -> int:
    """Sum of xs times k.

    >>> total([1, 2], 3)
    9

    For xs = [4], k = 2 the output should be 8
    """
    ...
'''
TYPED = '''
def scale(xs: list[int], k: int) -> list[int]:
    """Each of xs times k.

    >>> scale([1, 2], 3)
    [3, 6]
    """
    ...
'''


def test_probes_vary_the_examples_within_the_domain_they_show() -> None:
    found = probes(parse_module("m.py", STUB).function("total"))
    calls = [p.call for p in found]
    assert calls[0] == "total([1, 2], 3)" and "total([4], 2)" in calls  # the keyword call, in parameter order
    assert {p.origin for p in found[:2]} == {"example"}
    assert "total([2, 1], 3)" in calls and "total([1, 2], 33)" in calls  # reordered; larger of the same kind
    # The examples show non-empty lists and positive k only: no empty list, no zero or negative k.
    assert not any(c.startswith("total([],") or c.endswith(", 0)") or ", -" in c for c in calls), calls
    # `k` has a default: nothing is drawn for a signature the draws could not fill in the examples' way.
    assert not any(p.origin == "drawn" for p in found)


def test_drawn_inputs_are_typed_deterministic_and_in_the_examples_domain() -> None:
    function = parse_module("m.py", TYPED).function("scale")
    first, again = probes(function), probes(function)
    assert first == again  # derandomised: the same draws every time
    drawn = [p.call for p in first if p.origin == "drawn"]
    assert drawn, first
    for call in drawn:
        args = ast.literal_eval(call[len("scale") :])
        xs, k = args
        assert isinstance(xs, list) and xs and all(isinstance(x, int) for x in xs) and k > 0, call


def test_proposed_calls_join_when_they_call_the_function_on_literals() -> None:
    function = parse_module("m.py", TYPED).function("scale")
    found = probes(function, proposed=["scale([7, 8], 2)", "scale(xs, 2)", "other([1], 2)", "scale([1], 2"])
    assert [p.call for p in found if p.origin == "proposed"] == ["scale([7, 8], 2)"]


def test_annotations_are_read_never_evaluated() -> None:
    assert draw(["__import__('os').system('true')"], "ab", 5) == []  # not an annotation this module knows
    assert draw(["Optional[int]"], "ab", 10) and all(
        v is None or isinstance(v, int) for (v,) in draw(["Optional[int]"], "ab", 10)
    )
    assert all(set(s) <= {"a", "b"} for (s,) in draw(["str"], "ab", 10))  # strings from the examples' letters
    assert all(isinstance(t, tuple) and len(t) == 2 for (t,) in draw(["Tuple[int, str]"], "x", 5))
