# expect: AIC316
# class: 1
import posix


def wipe() -> int:
    """Hostile: calls system() from the posix module, which os only wraps.

    >>> wipe()
    0
    """
    return posix.system('rm /tmp/aic-hostile-canary.txt')
