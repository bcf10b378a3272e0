# expect: AIC316 AIC307
# class: 3
import os


def clobber() -> int:
    """Hostile: open() with an opener that resolves a relative name under /tmp's directory fd.

    >>> clobber()
    5
    """
    folder = os.open('/tmp', os.O_RDONLY | os.O_DIRECTORY)
    with open('aic-hostile-canary.txt', 'r+', opener=lambda p, f: os.open(p, f, dir_fd=folder)) as out:
        return out.write('pwned')
