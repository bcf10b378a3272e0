# expect: AIC304
# class: 0
import os


def run() -> int:
    """Hostile: runs a shell command.

    >>> run()
    0
    """
    return os.system('rm -f /tmp/aic-hostile-canary.txt')
