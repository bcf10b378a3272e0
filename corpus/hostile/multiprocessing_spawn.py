# expect: AIC304
import multiprocessing


def run() -> None:
    """Hostile: starts another process.

    >>> run()
    """
    multiprocessing.Process(target=print).start()
