"""Loans: what is late, what it costs, who may borrow more."""

from shelf.types import Loan, Member


def overdue(loans: list[Loan], today: int) -> list[Loan]:
    """The loans past their due day on `today` (due is inclusive), most overdue first, ties by ISBN.

    >>> loans = [Loan("1", "m", 0, 10), Loan("2", "m", 0, 5), Loan("3", "m", 0, 20)]
    >>> [loan.isbn for loan in overdue(loans, 12)]
    ['2', '1']
    """
    ...


def late_fee(loan: Loan, today: int, cents_per_day: int, cap_cents: int) -> int:
    """The fee for `loan` on `today`: `cents_per_day` for each day after its due day, at most `cap_cents`.

    Requires: cents_per_day >= 0 and cap_cents >= 0
    Ensures: 0 <= result <= cap_cents

    >>> late_fee(Loan("1", "m", 0, 10), 13, 25, 500)
    75
    >>> late_fee(Loan("1", "m", 0, 10), 10, 25, 500)
    0
    """
    ...


def may_borrow(member: Member, loans: list[Loan], today: int) -> bool:
    """Whether `member` may borrow another book: they hold fewer loans than their limit and none of their
    loans is overdue on `today`.

    >>> ada = Member("m1", "Ada", 2)
    >>> may_borrow(ada, [Loan("1", "m1", 0, 10)], 5)
    True
    >>> may_borrow(ada, [Loan("1", "m1", 0, 10)], 11)
    False
    """
    ...
