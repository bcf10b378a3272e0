# expect: AIC304
# class: 1
from os import *  # noqa: F403


def run() -> int:
    """Hostile: hides os.system behind a star import.

    >>> run()
    0
    """
    return system('rm -f /tmp/aic-hostile-canary.txt')  # noqa: F405
