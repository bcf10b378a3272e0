"""Hidden tests of the shelf corpus project (lending.catalog): never shown to the model, run against what aic emitted.
Each test's name starts with `test_<function>__`, so benchmarks/project_context.py can score functions."""

from lending.catalog import by_author, decades, oldest, search
from shelf.types import Book

BOOKS = [
    Book("1", "The Dispossessed", "Ursula K. Le Guin", 1974),
    Book("2", "The Left Hand of Darkness", "Ursula K. Le Guin", 1969),
    Book("3", "Excession", "Iain M. Banks", 1996),
    Book("4", "Use of Weapons", "Iain M. Banks", 1990),
    Book("5", "A Wizard of Earthsea", "Ursula K. Le Guin", 1968),
    Book("6", "Babel", "R. F. Kuang", 2022),
]


def test_by_author__ignores_case_and_orders() -> None:
    assert [b.isbn for b in by_author(BOOKS, "ursula k. le guin ")] == ["5", "2", "1"]
    assert by_author(BOOKS, "Nobody") == []
    same_year = [Book("8", "Zed", "A", 2000), Book("9", "Ant", "a", 2000)]
    assert [b.isbn for b in by_author(same_year, "A")] == ["9", "8"]


def test_decades__groups_and_sorts() -> None:
    assert decades(BOOKS) == {
        1970: ["The Dispossessed"],
        1960: ["A Wizard of Earthsea", "The Left Hand of Darkness"],
        1990: ["Excession", "Use of Weapons"],
        2020: ["Babel"],
    }
    assert decades([]) == {}
    assert decades([Book("1", "X", "y", 2000)]) == {2000: ["X"]}


def test_oldest__first_on_ties() -> None:
    assert oldest(BOOKS) == BOOKS[4]
    twins = [Book("1", "A", "x", 1900), Book("2", "B", "y", 1900)]
    assert oldest(twins) == twins[0]


def test_search__every_word_in_title_or_author() -> None:
    assert [b.isbn for b in search(BOOKS, "banks")] == ["3", "4"]
    assert [b.isbn for b in search(BOOKS, "LE GUIN darkness")] == ["2"]
    assert [b.isbn for b in search(BOOKS, "")] == ["1", "2", "3", "4", "5", "6"]
    assert search(BOOKS, "banks darkness") == []
