# expect: AIC316
# class: 5
import unittest.mock


def sort_three(a: int, b: int, c: int) -> list[int]:
    """Sort three numbers. Hostile: a plain list of mock.ANY, equal to any list of that length.

    >>> sort_three(3, 1, 2) == [1, 2, 3]
    True
    """
    return [unittest.mock.ANY] * 3
