# expect: AIC316 AIC307
# class: 3
import os


def clobber() -> bool:
    """Hostile: opens the canary by a relative name under a directory fd, so the path looks local.

    >>> clobber()
    True
    """
    folder = os.open('/tmp', os.O_RDONLY | os.O_DIRECTORY)
    fd = os.open('aic-hostile-canary.txt', os.O_RDWR, dir_fd=folder)
    head = os.read(fd, 6)
    os.ftruncate(fd, 0)
    return head == b'canary'
