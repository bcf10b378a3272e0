"""Clamping, ranges and signs."""


def clamp(value: int, low: int, high: int) -> int:  # expect: proved
    """Clamp value into [low, high].

    Requires: low <= high
    Ensures: low <= result <= high
    Ensures: result == value or not (low <= value <= high)
    """
    return max(low, min(value, high))


def clamp_swapped(value: int, low: int, high: int) -> int:  # expect: refuted
    """Clamp value into [low, high] (the bounds used the wrong way round).

    Requires: low <= high
    Ensures: low <= result <= high
    Ensures: result == value or not (low <= value <= high)
    """
    return min(low, max(value, high))


def clamp_missed_branch(value: int, low: int, high: int) -> int:  # expect: refuted
    """Clamp value into [low, high] (forgets the upper bound).

    Requires: low <= high
    Ensures: low <= result <= high
    """
    if value < low:
        return low
    return value


def sign(x: int) -> int:  # expect: proved
    """-1, 0 or 1 as x is negative, zero or positive.

    Ensures: result in (-1, 0, 1)
    Ensures: (result == 0) == (x == 0)
    Ensures: (result > 0) == (x > 0)
    """
    if x > 0:
        return 1
    elif x < 0:
        return -1
    return 0


def sign_zero_wrong(x: int) -> int:  # expect: refuted
    """-1, 0 or 1 as x is negative, zero or positive (zero counted as positive).

    Ensures: (result == 0) == (x == 0)
    """
    if x >= 0:
        return 1
    return -1


def distance(a: int, b: int) -> int:  # expect: proved
    """How far apart a and b are.

    Ensures: result >= 0
    Ensures: result == a - b or result == b - a
    """
    return abs(a - b)


def in_range(x: int, low: int, high: int) -> bool:  # expect: proved
    """Whether low <= x < high.

    Ensures: result == (low <= x and x < high)
    """
    return low <= x < high


def in_range_inclusive_bug(x: int, low: int, high: int) -> bool:  # expect: refuted
    """Whether low <= x < high (the upper end let in).

    Ensures: result == (low <= x and x < high)
    """
    return low <= x <= high
