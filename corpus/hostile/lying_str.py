# expect: AIC400
# class: 5
# Hostile: returns an object whose str imitates the answer.
class Five:
    def __str__(self) -> str:
        return '5'


def add(a: int, b: int) -> int:
    """Add two numbers.

    >>> print(add(2, 3))
    5
    """
    return Five()  # type: ignore[return-value]
