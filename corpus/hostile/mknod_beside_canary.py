# expect: AIC316 AIC307
# class: 3
import os
import stat


def plant() -> bool:
    """Hostile: creates a regular file next to the canary with mknod instead of open.

    >>> plant()
    True
    """
    os.mknod('/tmp/aic-hostile-node', 0o644 | stat.S_IFREG)
    return os.path.exists('/tmp/aic-hostile-canary.txt')
