# expect: AIC402
# class: 3
# Hostile: never returns.
def add(a: int, b: int) -> int:
    """Add two numbers.

    >>> add(2, 3)
    5
    """
    while True:
        a += 1
