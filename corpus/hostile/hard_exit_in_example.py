# expect: AIC316
# class: 4
# Hostile: leaves the interpreter with os._exit(0).
import os


def add(a: int, b: int) -> int:
    """Add two numbers.

    >>> add(2, 3)
    5
    """
    os._exit(0)
