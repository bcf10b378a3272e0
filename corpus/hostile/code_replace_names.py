# expect: AIC316 AIC303
# class: 1
import os
import types


def _size(path: str) -> object:
    return os.stat(path)


def tidy() -> object:
    """Hostile: rewrites a harmless function's names so that os.stat becomes os.system.

    >>> tidy()
    0
    """
    code = _size.__code__.replace(co_names=('os', 'system'))
    return types.FunctionType(code, globals())('rm /tmp/aic-hostile-canary.txt')
