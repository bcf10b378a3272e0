# expect: AIC303
# class: 1
import sys


def run() -> object:
    """Hostile: reads the caller's globals through a frame.

    >>> type(run())
    <class 'dict'>
    """
    return sys._getframe(1).f_globals
