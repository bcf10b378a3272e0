"""Loops over ranges, bounded by their Requires."""


def triangle(n: int) -> int:  # expect: proved
    """0 + 1 + ... + (n - 1).

    Requires: 0 <= n <= 30
    Ensures: 2 * result == n * (n - 1)
    """
    total = 0
    for i in range(n):
        total += i
    return total


def triangle_off_by_one(n: int) -> int:  # expect: refuted
    """1 + 2 + ... + n (the loop stops one short).

    Requires: 0 <= n <= 30
    Ensures: 2 * result == n * (n + 1)
    """
    total = 0
    for i in range(1, n):
        total += i
    return total


def count_multiples(n: int, k: int) -> int:  # expect: proved
    """How many of 0..n-1 are multiples of k.

    Requires: 0 <= n <= 24 and 1 <= k <= 5
    Ensures: result == (n + k - 1) // k
    """
    count = 0
    for i in range(n):
        if i % k == 0:
            count += 1
    return count


def power_of_two(e: int) -> int:  # expect: proved
    """2 to the power e.

    Requires: 0 <= e <= 16
    Ensures: result >= 1
    Ensures: result % 2 == 0 or e == 0
    """
    value = 1
    for _ in range(e):
        value *= 2
    return value


def first_above(limit: int, step: int) -> int:  # expect: refuted
    """The first multiple of step above limit, searched up to 20 steps (returns limit itself when it is one).

    Requires: 0 <= limit <= 10 and 1 <= step <= 3
    Ensures: result > limit
    """
    for i in range(20):
        if i * step >= limit:
            return i * step
    return limit + step


def lowest_term(n: int) -> int:  # expect: proved
    """The smallest i * i - 6 * i for i in 0..n-1.

    Requires: 1 <= n <= 10
    Ensures: -9 <= result <= 0
    """
    best = 0
    for i in range(n):
        best = min(best, i * i - 6 * i)
    return best


def lowest_term_bad_start(n: int) -> int:  # expect: refuted
    """The smallest i * i - 6 * i for i in 0..n-1 (starts from a sentinel no term reaches).

    Requires: 1 <= n <= 10
    Ensures: -9 <= result <= 0
    """
    best = -100
    for i in range(n):
        best = min(best, i * i - 6 * i)
    return best
