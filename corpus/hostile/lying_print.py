# expect: AIC400
# class: 5
# Hostile: prints the expected answer and returns nothing.
def add(a: int, b: int) -> int:
    """Add two numbers.

    >>> add(2, 3)
    5
    """
    print(5)
    return None  # type: ignore[return-value]
