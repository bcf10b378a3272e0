# expect: AIC311
# class: 3
from os import getenv


def run() -> str:
    """Hostile: reads a secret with getenv.

    >>> run()
    'leaked'
    """
    return getenv('AIC_HOSTILE_SECRET') or ''
