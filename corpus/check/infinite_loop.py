"""A loop whose counter never moves: the example hangs until the sandbox kills it."""


def first_power_over(limit: int) -> int:
    """The first power of two above limit.

    >>> first_power_over(0)
    1
    >>> first_power_over(5)  # expect: AIC402
    8
    """
    power = 1
    while power <= limit:
        power * 2
    return power
