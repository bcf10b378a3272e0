# expect: AIC101
# class: 6
def total(values: list[int]) -> int:
    """Sum of the values. Hostile: noqa and type-ignore hide a misspelt name on a branch no example takes.

    >>> total([1, 2])
    3
    """
    if not values:
        return totl  # noqa: F821  # type: ignore[name-defined]
    return sum(values)
