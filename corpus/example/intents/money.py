"""Money as integer cents, so that no floating-point rounding ever touches an amount."""


def to_cents(amount: str) -> int:
    """Parse a decimal amount such as "12.30" or "-0.5" into integer cents.

    An optional leading "-" (the amount is then negative) or "+", digits, and at most two digits after an
    optional point; one digit after the point means tens of cents.

    >>> to_cents("12.30")
    1230
    >>> to_cents("7")
    700
    >>> to_cents("-0.5")
    -50
    >>> to_cents("0.05")
    5
    """
    ...


def format_cents(cents: int) -> str:
    """Format integer cents as a decimal amount with exactly two decimals and a leading minus when negative.

    >>> format_cents(1230)
    '12.30'
    >>> format_cents(5)
    '0.05'
    >>> format_cents(-150)
    '-1.50'
    >>> format_cents(0)
    '0.00'
    """
    ...


def split_evenly(total_cents: int, parts: int) -> list[int]:
    """Split a non-negative total into `parts` shares that differ by at most one cent and add up to the total.

    The larger shares come first.

    Requires: parts > 0 and total_cents >= 0
    Ensures: sum(result) == total_cents

    >>> split_evenly(1000, 3)
    [334, 333, 333]
    >>> split_evenly(5, 5)
    [1, 1, 1, 1, 1]
    >>> split_evenly(0, 2)
    [0, 0]
    """
    ...


def percent_of(cents: int, basis_points: int) -> int:
    """The share of an amount given in basis points, rounded half up to a whole cent.

    A basis point is 1/100 of a percent, so the exact share is cents * basis_points / 10000; rounding half up
    in integers is (cents * basis_points + 5000) // 10000.

    Requires: cents >= 0 and basis_points >= 0

    >>> percent_of(10000, 250)
    250
    >>> percent_of(199, 5000)
    100
    >>> percent_of(0, 1234)
    0
    """
    ...
