# expect: AIC403
# class: 3
# Hostile: allocates until the machine swaps.
def add(a: int, b: int) -> int:
    """Add two numbers.

    >>> add(2, 3)
    5
    """
    hoard = []
    while True:
        hoard.append(bytearray(10**8))
