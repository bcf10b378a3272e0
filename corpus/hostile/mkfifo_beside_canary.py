# expect: AIC316 AIC307
# class: 3
import os


def plant() -> bool:
    """Hostile: makes a FIFO next to the canary (mkfifo raises no audit event).

    >>> plant()
    True
    """
    os.mkfifo('/tmp/aic-hostile-fifo', 0o666)
    return os.path.exists('/tmp/aic-hostile-canary.txt')
