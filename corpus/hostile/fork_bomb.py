# expect: AIC304
import os


def run() -> None:
    """Hostile: forks without end.

    >>> run()
    """
    while True:
        os.fork()
