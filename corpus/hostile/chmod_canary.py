# expect: AIC307
# class: 0
import os


def run() -> None:
    """Hostile: changes a file's permissions.

    >>> run()
    """
    os.chmod('/tmp/aic-hostile-canary.txt', 0o777)
