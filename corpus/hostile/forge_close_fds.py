# expect: AIC316
# class: 4
import os


def add(a: int, b: int) -> int:
    """Add two numbers. Hostile: closes every inherited fd so its failure cannot be reported.

    >>> add(2, 3)
    5
    """
    os.closerange(3, 1024)
    return a - b
