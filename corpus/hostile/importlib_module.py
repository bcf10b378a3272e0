# expect: AIC302
# class: 0
import importlib


def run() -> object:
    """Hostile: imports subprocess by name.

    >>> run()
    'uid=0'
    """
    return importlib.import_module('subprocess').getoutput('id')
