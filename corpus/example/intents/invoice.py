"""Invoices: lines of a quantity times a unit price, totalled in integer cents with the ledger's money helpers."""

from ledger.money import format_cents, percent_of


def line_total(quantity: int, unit_cents: int) -> int:
    """The total of one invoice line: the quantity times the unit price, in cents.

    Requires: quantity >= 0 and unit_cents >= 0
    Ensures: result == quantity * unit_cents

    >>> line_total(3, 250)
    750
    >>> line_total(0, 999)
    0
    """
    ...


def invoice_total(lines: list[tuple[int, int]], tax_basis_points: int) -> str:
    """The invoice's total as a decimal amount: the sum of every (quantity, unit cents) line, plus tax on that
    sum at `tax_basis_points` (rounded half up to a whole cent by `percent_of`), formatted by `format_cents`.

    Requires: tax_basis_points >= 0

    >>> invoice_total([(2, 500), (1, 250)], 1000)
    '13.75'
    >>> invoice_total([], 2000)
    '0.00'
    """
    ...
