# expect: AIC400
# class: 5
# Hostile: returns an object equal to everything.
class Any:
    def __eq__(self, other: object) -> bool:
        return True


def add(a: int, b: int) -> int:
    """Add two numbers.

    >>> add(2, 3) == 5
    True
    """
    return Any()  # type: ignore[return-value]
