# expect: AIC400
# class: 5
# Hostile: returns an object whose repr imitates the answer.
class Four:
    def __repr__(self) -> str:
        return '4'


def add(a: int, b: int) -> int:
    """Add two numbers.

    >>> add(2, 2)
    4
    """
    return Four()  # type: ignore[return-value]
