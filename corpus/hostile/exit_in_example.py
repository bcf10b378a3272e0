# expect: AIC316
# class: 4
# Hostile: exits the process with status 0 mid-example.
import sys


def add(a: int, b: int) -> int:
    """Add two numbers.

    >>> add(2, 3)
    5
    """
    sys.exit(0)
