"""The z3 prover's translation of Python: floor semantics, the subset's edges, determinism, the resource limit."""

from __future__ import annotations

import ast

import pytest

from aic.verifiers.z3_prover import Verdict, prove


def verdict(source: str, requires: list[str], ensures: list[str], rlimit: int = 20_000_000) -> Verdict:
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    return prove(node, requires, ensures, rlimit)


@pytest.mark.parametrize(
    ("body", "requires", "ensures"),
    [
        ("return a // 2", [], ["result != -4 or a in (-7, -8)", "a != -7 or result == -4"]),
        ("return a % b", ["b < 0"], ["b < result <= 0"]),
        ("return a % b", ["b > 0"], ["0 <= result < b", "(a - result) % b == 0"]),
        ("return -(-a // b)", ["b > 0"], ["result * b >= a", "(result - 1) * b < a"]),
    ],
)
def test_floor_division_and_modulo_follow_python(body: str, requires: list[str], ensures: list[str]) -> None:
    assert verdict(f"def f(a: int, b: int) -> int:\n    {body}\n", requires, ensures).status == "proved"


def test_c_style_truncation_is_refuted_with_inputs_meeting_requires() -> None:
    source = "def f(a: int, b: int) -> int:\n    q = abs(a) // b\n    return q if a >= 0 else -q\n"
    found = verdict(source, ["b > 0"], ["result * b <= a"])
    assert found.status == "refuted" and found.reason == "Ensures: result * b <= a"
    inputs = dict(found.inputs)
    assert isinstance(inputs["a"], int) and isinstance(inputs["b"], int)
    assert inputs["b"] > 0 and (abs(inputs["a"]) // inputs["b"]) * -1 * inputs["b"] > inputs["a"]


def test_division_by_zero_and_falling_off_the_end_are_failures() -> None:
    assert verdict("def f(a: int, b: int) -> int:\n    return a // b\n", [], []).reason == "raises ZeroDivisionError"
    assert verdict("def f(a: int, b: int) -> int:\n    return a // b\n", ["b != 0"], []).status == "proved"
    source = "def f(a: int) -> int:\n    if a > 0:\n        return 1\n    elif a < 0:\n        return -1\n"
    assert verdict(source, [], []).reason == "the function ends without returning a value"
    assert verdict(source, ["a != 0"], []).status == "proved"


@pytest.mark.parametrize(
    ("source", "requires", "reason"),
    [
        ("def f(x: float) -> float:\n    return x\n", [], "parameter `x: float`"),
        ("def f(n: int) -> int:\n    while n > 0:\n        n -= 1\n    return n\n", [], "the statement `while n > 0:`"),
        (
            "def f(n: int) -> int:\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n",
            ["n >= 0"],
            "does not bound",
        ),
        ("def f(n: int) -> int:\n    return int(n / 2)\n", [], "the operator Div"),
    ],
)
def test_outside_the_subset_is_unknown_with_the_reason(source: str, requires: list[str], reason: str) -> None:
    found = verdict(source, requires, ["result >= 0"])
    assert found.status == "unknown" and reason in found.reason


def test_loops_unroll_exactly_as_far_as_requires_allows() -> None:
    source = "def f(n: int) -> int:\n    t = 0\n    for i in range(n):\n        t += 2\n    return t\n"
    assert verdict(source, ["0 <= n <= 64"], ["result == 2 * n"]).status == "proved"
    assert verdict(source, ["0 <= n <= 65"], ["result == 2 * n"]).status == "unknown"


def test_the_resource_limit_not_the_clock_decides_and_answers_repeat() -> None:
    source = "def f(a: int, b: int, c: int) -> int:\n    return a * b * c\n"
    hard = ["result != 1234567 * 7654321 + 1"]
    starved = verdict(source, [], hard, rlimit=1)
    assert starved.status == "unknown" and "resource limit" in starved.reason
    source = "def f(a: int, b: int) -> int:\n    return a - b\n"
    answers = {verdict(source, ["a > b"], ["result < 0 or a > 1000"]) for _ in range(3)}
    assert len(answers) == 1


@pytest.mark.parametrize(
    ("signature", "requires", "ensures", "inputs"),
    [
        # z3's first model here was x=1, y=-1; with x fixed at 0, y's least |n| is 2 (a bound kept from the first
        # model would have left y to z3).
        ("x: int, y: int", ["x > max(2 * y + 2, -6 - x)"], ["result > y"], (("x", 0), ("y", -2))),
        ("x: int, y: int", ["x + y == 10"], ["result > 100"], (("x", 0), ("y", 10))),
        ("x: int, y: int", ["y - x >= 50"], ["result > 1000"], (("x", 0), ("y", 50))),
        ("flag: bool, y: int", ["y < -3"], ["result > 0"], (("flag", False), ("y", -4))),
    ],
)
def test_the_counterexample_is_the_smallest_parameter_by_parameter(
    signature: str, requires: list[str], ensures: list[str], inputs: tuple[tuple[str, int | bool], ...]
) -> None:
    found = verdict(f"def g({signature}) -> int:\n    return y\n", requires, ensures)
    assert found.status == "refuted" and found.inputs == inputs
