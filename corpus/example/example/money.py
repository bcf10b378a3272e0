"""Money in integer cents: no floating-point rounding surprises."""


def to_cents(amount: str) -> int:
    """Parse a decimal amount such as "12.30" into cents.

    Requires: amount.count(".") <= 1

    >>> to_cents("12.30")
    1230
    >>> to_cents("7")
    700
    >>> to_cents("-0.05")
    -5
    """
    negative = amount.startswith("-")
    whole, _, fraction = amount.lstrip("+-").partition(".")
    if len(fraction) > 2:
        raise ValueError(f"more than two decimals: {amount!r}")
    cents = int(whole or "0") * 100 + int(fraction.ljust(2, "0") or "0")
    return -cents if negative else cents


def split_evenly(total_cents: int, parts: int) -> list[int]:
    """Split a total into `parts` shares that differ by at most one cent and add up to the total.

    Requires: parts > 0
    Ensures: sum(result) == total_cents

    >>> split_evenly(1000, 3)
    [334, 333, 333]
    >>> split_evenly(5, 5)
    [1, 1, 1, 1, 1]
    """
    share, remainder = divmod(total_cents, parts)
    return [share + 1 if index < remainder else share for index in range(parts)]
