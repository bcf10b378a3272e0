"""Clean arithmetic helpers whose examples all pass."""


def clamp(value: int, low: int, high: int) -> int:
    """Clamp value into [low, high].

    Requires: low <= high
    Ensures: low <= result <= high

    >>> clamp(5, 0, 3)
    3
    >>> clamp(-2, 0, 3)
    0
    >>> clamp(2, 0, 3)
    2
    """
    return max(low, min(value, high))


def mean(values: list[float]) -> float:
    """Arithmetic mean; an empty list is an error.

    >>> mean([1.0, 2.0, 3.0])
    2.0
    >>> mean([])
    Traceback (most recent call last):
        ...
    ValueError: mean of an empty list
    """
    if not values:
        raise ValueError("mean of an empty list")
    return sum(values) / len(values)
