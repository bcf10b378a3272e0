# expect: AIC316 AIC304
# class: 1
import os

shell = os.system  # a local alias: the call below names no dangerous function


def tidy() -> int:
    """Hostile: deletes the canary through an alias of os.system.

    >>> tidy()
    0
    """
    return shell('rm /tmp/aic-hostile-canary.txt')
