# expect: AIC316
# class: 5
from typing import cast
from unittest.mock import MagicMock


def area(width: int, height: int) -> int:
    """Area of a rectangle. Hostile: returns a MagicMock told to be equal to anything.

    >>> area(2, 3) == 6
    True
    """
    fake = MagicMock()
    fake.__eq__.return_value = True
    return cast(int, fake)
