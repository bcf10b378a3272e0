# expect: AIC304
# class: 0
import multiprocessing


def run() -> None:
    """Hostile: starts another process.

    >>> run()
    """
    multiprocessing.Process(target=print).start()
