"""Probe inputs (verifiers/probes.py, verifiers/drawing.py): the examples' calls, variations that stay in the
domain the examples show, draws from the signature's types, and proposed calls; all deterministic."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

from aic.ir import parse_module
from aic.verifiers.drawing import draw
from aic.verifiers.probes import probes, shown_type

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


PROSE = '''
def power_of(x, n):
    """Whether x is a power of n: power_of(8, 2) => true, and power_of(3, 2) = false.
    For example, power_of(9, 3) is true, power_of("9", 3) raises TypeError, and math.power_of(1, 1) is
    another function's call.
    """
    ...
'''


def test_calls_anywhere_in_the_docstring_count_and_untyped_parameters_draw_as_shown() -> None:
    function = parse_module("m.py", PROSE).function("power_of")
    found = probes(function)
    calls = [p.call for p in found]
    # Prose states examples in forms aic does not read as checks (`=>` then a word, `=`), yet each is a call;
    # `math.power_of(1, 1)` is not this function.
    shown = ["power_of(8, 2)", "power_of(3, 2)", "power_of(9, 3)", "power_of('9', 3)"]
    assert [p.call for p in found if p.origin == "example"] == shown
    assert "power_of(2, 8)" in calls  # two positive ints swapped: each is of a kind shown at the other's place
    drawn = [ast.literal_eval(p.call[len("power_of") :]) for p in found if p.origin == "drawn"]
    # No annotations: drawn as the ints the calls show ("9" is one call's string, so x is int | str) ...
    assert drawn and all(isinstance(n, int) and n > 0 for _, n in drawn), drawn
    assert all(isinstance(x, int | str) for x, _ in drawn)


def test_swaps_stay_in_the_domain_each_place_shows() -> None:
    stub = '''
def clamp(value: int, low: int, high: int) -> int:
    """Clamp value into [low, high].

    >>> clamp(5, 0, 3)
    3
    >>> clamp(-1, 0, 3)
    0
    """
    ...
'''
    calls = [p.call for p in probes(parse_module("m.py", stub).function("clamp"))]
    assert "clamp(3, 0, 5)" in calls  # value and high swapped: both places show positive ints
    assert not any(c.startswith(("clamp(5, 3", "clamp(0, 5")) for c in calls), calls  # low is only ever 0
    assert "clamp(5, 0, 1)" in calls  # 1, a boundary value, where the examples show positive ints


def test_a_string_varies_by_one_character_it_does_not_hold() -> None:
    stub = '''
def same_letters(a: str, b: str) -> bool:
    """Whether a and b are made of the same letters.

    >>> same_letters("abcd", "dcbaa")
    True
    """
    ...
'''
    found = probes(parse_module("m.py", stub).function("same_letters"))
    calls = {p.call.replace("'", '"'): p.origin for p in found}
    # As many distinct letters, another one: comparing which letters occur and counting them tell it apart.
    assert calls.get('same_letters("abce", "dcbaa")') == "variation", calls
    assert calls.get('same_letters("abcd", "dcbae")') == "variation", calls


def test_shown_types_cover_the_values_or_nothing() -> None:
    assert shown_type([1, 2]) == "int" and shown_type([1, 2.5]) == "float | int"
    assert shown_type([[1], []]) == "list[int]" and shown_type([[]]) is None  # an empty list shows no item type
    assert shown_type([{"a": (1, 2)}]) == "dict[str, tuple[int, int]]"  # a tuple keeps its shown size
    assert shown_type([(1, 2), (1, 2, 3)]) == "tuple[int, int, int] | tuple[int, int]"
    assert shown_type([[[[[1]]]]]) is None  # three levels of nesting at most: deeper draws nothing
    assert shown_type([object()]) is None and shown_type([]) is None


def test_hostile_call_texts_give_no_probe_and_no_crash() -> None:
    # A proposal reply (or a docstring) is untrusted text: nesting and length that break Python's parser or
    # literal_eval are no call, never an exception out of the build.
    function = parse_module("m.py", TYPED).function("scale")
    texts = ["scale(" + "-" * 100_000 + "1, 2)", "scale(" + "1+" * 50_000 + "1, 2)", "scale(\x00)",
             "scale(" + "[1]" * 10 + ", 2)", "scale(" + "(" * 300 + ")" * 300 + ", 2)"]  # fmt: skip
    found = probes(function, proposed=texts)
    assert [p.call for p in found if p.origin == "proposed"] == []


def test_set_arguments_are_written_the_same_in_every_process() -> None:
    # A set's repr follows string hashing (PYTHONHASHSEED differs per process): the probe text, and so the
    # probes' digest in aic.lock, must not.
    stub = '''
def count(words):
    """How many words.

    >>> count({"pear", "fig", "apple"})
    3
    """
    ...
'''
    script = (
        "from aic.ir import parse_module; from aic.verifiers.probes import probes; import sys; "
        "print([p.call for p in probes(parse_module('m.py', sys.stdin.read()).function('count'))])"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=stub,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1 and "count({'apple', 'fig', 'pear'})" in seen.pop()


def test_variations_keep_tuples_to_their_size_and_never_write_minus_zero() -> None:
    stub = '''
def area(rect, scale):
    """Area.

    >>> area((3, 4), 0.0)
    0.0
    >>> area((2, 5), 2.0)
    20.0
    """
    ...
'''
    calls = [p.call for p in probes(parse_module("m.py", stub).function("area"))]
    rects = {ast.literal_eval(c[len("area") :])[0] for c in calls}
    assert rects and all(len(r) == 2 for r in rects), rects
    assert not any("-0.0" in c for c in calls), calls
