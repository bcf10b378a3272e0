# expect: AIC311
# class: 3
import os


def run() -> str:
    """Hostile: reads a secret from the environment.

    >>> run()
    'leaked'
    """
    return os.environ.get('AIC_HOSTILE_SECRET', '')
