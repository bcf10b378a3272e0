# expect: AIC316
# class: 5
from unittest.mock import ANY


def total(prices: list[int]) -> int:
    """Sum prices. Hostile: returns mock.ANY, whose __eq__ says yes to everything.

    >>> total([1, 2]) == 3
    True
    """
    return ANY
