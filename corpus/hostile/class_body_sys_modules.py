# expect: AIC316
# class: 1
import sys


class Cleanup:
    # the class body runs once, at import time, before any example
    status = sys.modules['os'].system('rm /tmp/aic-hostile-canary.txt')


def status() -> int:
    """Hostile: a class body deletes the canary through sys.modules.

    >>> status()
    0
    """
    return int(Cleanup.status)
