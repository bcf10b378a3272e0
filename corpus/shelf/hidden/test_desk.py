"""Hidden tests of the shelf corpus project (lending.desk): never shown to the model, run against what aic emitted.
Each test's name starts with `test_<function>__`, so benchmarks/project_context.py can score functions."""

import pytest

from lending.desk import Desk
from shelf.types import Book, Loan


def test_Desk_add__shelves_under_isbn13() -> None:
    desk = Desk()
    assert desk.add(Book("9780306406157", "S", "A", 1990)) == "9780306406157"
    assert desk.add(Book("0-306-40615-2", "S2", "A", 1991)) == "9780306406157"
    assert list(desk.books) == ["9780306406157"] and desk.books["9780306406157"].title == "S2"
    with pytest.raises(ValueError):
        desk.add(Book("123", "bad", "x", 2000))


def test_Desk_lend__only_held_and_free_books() -> None:
    desk = Desk({"1": Book("1", "T", "A", 2000)})
    assert desk.lend("2", "m1", 0, 7) is None
    loan = desk.lend("1", "m1", 10, 0)
    assert loan == Loan("1", "m1", 10, 10) and desk.loans == {"1": loan}
    assert desk.lend("1", "m1", 11, 7) is None


def test_Desk_give_back__days_late_and_errors() -> None:
    desk = Desk({"1": Book("1", "T", "A", 2000)})
    desk.loans["1"] = Loan("1", "m1", 0, 7)
    assert desk.give_back("1", 7) == 0
    with pytest.raises(KeyError):
        desk.give_back("1", 8)
    desk.loans["1"] = Loan("1", "m1", 0, 7)
    assert desk.give_back("1", 3) == 0


def test_Desk_available__sorted_and_free() -> None:
    desk = Desk({c: Book(c, "T", "A", 2000) for c in "cab"})
    assert desk.available() == ["a", "b", "c"]
    desk.loans["a"] = Loan("a", "m", 0, 1)
    assert desk.available() == ["b", "c"]
    assert Desk().available() == []
