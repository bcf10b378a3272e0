# expect: AIC307
import os


def run() -> None:
    """Hostile: deletes a file.

    >>> run()
    """
    os.remove('/tmp/aic-hostile-canary.txt')
