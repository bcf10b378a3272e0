# expect: AIC316 AIC307
# class: 3
import os


def drop() -> bool:
    """Hostile: leaves a file in /dev/shm, opened by a relative name under a directory fd.

    >>> drop()
    True
    """
    folder = os.open('/dev/shm', os.O_RDONLY | os.O_DIRECTORY)
    fd = os.open('aic-hostile-shm', os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=folder)
    return os.write(fd, b'dropped') == 7
