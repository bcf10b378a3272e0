"""A docstring example that the code does not meet (off by one)."""


def count_up_to(n: int) -> list[int]:
    """Numbers from 1 to n inclusive.

    >>> count_up_to(3)  # expect: AIC400
    [1, 2, 3]
    >>> count_up_to(0)
    []
    """
    return list(range(1, n))
