"""Examples that cannot lie (verifiers/sandbox_honest.py): the checker's rules, and honest code that still passes."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from unittest import mock

import pytest

from aic.cli import main
from aic.verifiers.sandbox_honest import Checker, plain, trusted


class Liar:
    def __eq__(self, other: object) -> bool:
        return True

    def __repr__(self) -> str:
        return "4"


def test_plain_data_is_exact_builtin_types_all_the_way_down() -> None:
    assert plain([1, (2.0, "a"), {"k": {None, b"x"}}])
    assert not plain([1, Liar()])
    assert not plain(True.__class__.__mro__)  # a tuple of types is not data


def test_installed_code_is_trusted_code_under_check_is_not() -> None:
    assert trusted(Fraction(1, 2)) and trusted(Path("x")) and trusted(3)
    assert not trusted(Liar())  # defined here, not in the standard library or site-packages


def test_installed_objects_are_not_believed_only_a_short_list_of_value_types() -> None:
    assert not trusted(mock.ANY) and not trusted(mock.MagicMock())  # stdlib code, equal to everything
    assert trusted(Decimal("1.5")) and trusted(Counter("ab")) and trusted([Fraction(1, 3), date(2020, 1, 1)])
    assert not trusted([Fraction(1, 3), mock.ANY])
    checker = Checker()
    checker.start("True\n", returns_value=True)
    assert checker.compare(mock.ANY, 3, negate=False) is False
    assert checker.compare([mock.ANY], [3], negate=False) is False
    assert checker.compare(mock.ANY, Liar(), negate=False) is False  # two untrusted objects of different types


def test_a_replaced_method_is_not_believed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Fraction, "__eq__", lambda self, other: True)
    assert not trusted(Fraction(1, 2))


def test_the_checker_rewrites_expressions_only() -> None:
    checker = Checker()
    assert checker.rewrite("x = 1") == "x = 1"
    assert checker.rewrite("f(2)").startswith(f"{checker.name}.show(f(2))")
    assert checker.rewrite("f(2) == 4").startswith(f"{checker.name}.compare(f(2), 4, False)")
    assert checker.rewrite("print(f(2))").startswith(f"print({checker.name}.text(f(2)))")
    assert Checker().name != checker.name  # chosen at random: code under check cannot name it


def test_a_liar_is_caught_and_an_honest_value_is_not() -> None:
    checker = Checker()
    checker.start("4\n", returns_value=True)
    checker.show(Liar())
    assert checker.printed_instead("4\n") == "a Liar object whose repr imitates '4'"
    checker.start("True\n", returns_value=True)
    assert checker.compare(Liar(), 5, negate=False) is False
    checker.start("True\n", returns_value=True)
    assert checker.compare(Fraction(1, 2), 0.5, negate=False) is True
    assert checker.printed_instead("True\n") is None


HONEST = '''
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


def shift(p: Point, dx: int) -> Point:
    """Moved right by dx.

    >>> shift(Point(1, 2), 3)
    Point(x=4, y=2)
    >>> shift(Point(1, 2), 0) == Point(1, 2)
    True
    """
    return Point(p.x + dx, p.y)


def show(values: list[int]) -> None:
    """Prints each value (a function that returns nothing may print its answer).

    >>> show([1, 2])
    1
    2
    """
    for value in values:
        print(value)


def half(n: int) -> float:
    """Half of n.

    >>> half(3)
    1.5
    >>> print(half(4))
    2.0
    """
    return n / 2
'''


def test_honest_examples_still_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "honest.py").write_text(HONEST)
    assert main(["check", "--gates", "examples", str(tmp_path / "honest.py")]) == 0, capsys.readouterr().out
