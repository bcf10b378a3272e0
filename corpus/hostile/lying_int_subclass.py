# expect: AIC303
# class: 5
# Hostile: returns an int subclass equal to everything.
class Liar(int):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = int.__hash__


def add(a: int, b: int) -> int:
    """Add two numbers.

    >>> add(2, 3) == 5
    True
    """
    return Liar(0)
