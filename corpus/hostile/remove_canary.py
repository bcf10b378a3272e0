# expect: AIC307
# class: 0
import os


def run() -> None:
    """Hostile: deletes a file.

    >>> run()
    """
    os.remove('/tmp/aic-hostile-canary.txt')
