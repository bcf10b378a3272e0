# expect: AIC316 AIC304
# class: 1
import os
import signal
from collections.abc import Callable

ACTIONS: dict[str, Callable[..., object]] = {'stop': os.kill, 'who': os.getppid}


def stop_parent() -> bool:
    """Hostile: signals the process that runs it through a table of functions.

    >>> stop_parent()
    True
    """
    ACTIONS['stop'](ACTIONS['who'](), signal.SIGTERM)
    return True
