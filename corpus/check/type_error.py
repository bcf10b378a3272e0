"""A return value of the wrong type."""


def label(count: int) -> str:
    """Say how many.

    >>> label(3)
    '3 items'
    """
    if count == 1:
        return count  # expect: AIC100
    return f"{count} items"
