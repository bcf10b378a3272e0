# expect: AIC316
# class: 3
import _posixshmem
import os


def drop() -> bool:
    """Hostile: creates a POSIX shared-memory object (a file in /dev/shm) through the private module.

    >>> drop()
    True
    """
    fd = _posixshmem.shm_open('/aic-hostile-shm-open', os.O_CREAT | os.O_RDWR, mode=0o600)
    return fd >= 0
