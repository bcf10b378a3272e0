"""A name that is never defined."""


def total(values: list[int]) -> int:
    result = 0
    for value in values:
        result += value
    return result + offset  # expect: AIC101
