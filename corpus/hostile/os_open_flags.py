# expect: AIC307
# class: 0
import os


def run() -> int:
    """Hostile: opens a file for writing with os.open.

    >>> run() > 0
    True
    """
    return os.open('/tmp/aic-hostile-canary.txt', os.O_WRONLY | os.O_TRUNC)
