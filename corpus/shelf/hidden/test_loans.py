"""Hidden tests of the shelf corpus project (lending.loans): never shown to the model, run against what aic emitted.
Each test's name starts with `test_<function>__`, so benchmarks/project_context.py can score functions."""

from lending.loans import late_fee, may_borrow, overdue
from shelf.types import Loan, Member


def test_overdue__order_and_inclusive_due() -> None:
    loans = [Loan("9", "m", 0, 5), Loan("1", "m", 0, 5), Loan("2", "m", 0, 3), Loan("3", "m", 0, 8)]
    assert [loan.isbn for loan in overdue(loans, 8)] == ["2", "1", "9"]
    assert overdue(loans, 3) == []
    assert overdue([], 100) == []


def test_late_fee__per_day_and_cap() -> None:
    loan = Loan("1", "m", 0, 10)
    assert late_fee(loan, 11, 25, 500) == 25
    assert late_fee(loan, 100, 25, 500) == 500
    assert late_fee(loan, 5, 25, 500) == 0
    assert late_fee(loan, 14, 0, 500) == 0


def test_may_borrow__limit_and_overdue() -> None:
    ada = Member("m1", "Ada", 2)
    theirs = [Loan("1", "m1", 0, 10), Loan("2", "m1", 0, 10)]
    assert not may_borrow(ada, theirs, 5)  # at the limit
    assert may_borrow(ada, [Loan("1", "m2", 0, 1), Loan("2", "m2", 0, 1)], 5)  # others' loans do not count
    assert not may_borrow(ada, [Loan("1", "m1", 0, 4)], 5)
    assert may_borrow(ada, [Loan("1", "m1", 0, 5)], 5)  # due today is not overdue
    assert not may_borrow(Member("m3", "Bo", 0), [], 0)
