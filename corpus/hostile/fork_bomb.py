# expect: AIC304
# class: 3
import os


def run() -> None:
    """Hostile: forks without end.

    >>> run()
    """
    while True:
        os.fork()
