"""Floor division and remainders, where Python differs from C."""


def bucket(cents: int, size: int) -> int:  # expect: proved
    """Which bucket of width size the amount falls in, counting from zero for negatives too.

    Requires: size > 0
    Ensures: result * size <= cents < (result + 1) * size
    """
    return cents // size


def bucket_truncating(cents: int, size: int) -> int:  # expect: refuted
    """Which bucket of width size the amount falls in (truncates toward zero, as C does).

    Requires: size > 0
    Ensures: result * size <= cents < (result + 1) * size
    """
    q = abs(cents) // size
    return q if cents >= 0 else -q


def wrap_hour(hour: int) -> int:  # expect: proved
    """An hour of any sign wrapped into 0..23.

    Ensures: 0 <= result < 24
    Ensures: (hour - result) % 24 == 0
    """
    return hour % 24


def wrap_hour_c_style(hour: int) -> int:  # expect: refuted
    """An hour wrapped into 0..23 (the C remainder's sign kept for negatives).

    Ensures: 0 <= result < 24
    """
    r = abs(hour) % 24
    return r if hour >= 0 else -r


def ceil_div(a: int, b: int) -> int:  # expect: proved
    """a divided by b, rounded up.

    Requires: b > 0
    Ensures: result * b >= a
    Ensures: (result - 1) * b < a
    """
    return -((-a) // b)


def ceil_div_wrong(a: int, b: int) -> int:  # expect: refuted
    """a divided by b, rounded up (adds one even when b divides a).

    Requires: b > 0
    Ensures: (result - 1) * b < a
    """
    return a // b + 1


def per_person(total: int, people: int) -> int:  # expect: refuted
    """Each person's share of total (forgets that nobody may come).

    Requires: total >= 0
    Ensures: result * people <= total
    """
    return total // people


def half_up(n: int) -> int:  # expect: proved
    """Half of n, rounding halves up.

    Ensures: 2 * result >= n
    Ensures: 2 * result <= n + 1
    """
    return (n + 1) // 2
