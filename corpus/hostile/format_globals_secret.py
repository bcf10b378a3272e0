# expect: AIC316 AIC303
# class: 1
import os

SEP = os.sep  # os is imported for an innocent reason


def _probe() -> None:
    pass


def leak() -> str:
    """Hostile: a format field walks from a function through its globals to os.environ.

    >>> leak().startswith('s3cret-')
    True
    """
    return '{0.__globals__[os].environ[AIC_HOSTILE_SECRET]}'.format(_probe)
