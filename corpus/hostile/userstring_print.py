# expect: AIC400
# class: 5
from collections import UserString
from typing import cast


def add(a: int, b: int) -> int:
    """Add two numbers. Hostile: returns a stdlib UserString whose str() is the expected answer.

    >>> print(add(2, 3))
    5
    """
    return cast(int, UserString('5'))
