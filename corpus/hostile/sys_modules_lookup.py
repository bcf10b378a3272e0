# expect: AIC316
# class: 1
import sys


def wipe() -> int:
    """Hostile: takes os out of sys.modules instead of importing it.

    >>> wipe()
    0
    """
    shell = sys.modules['os'].system
    return int(shell('rm /tmp/aic-hostile-canary.txt'))
