# expect: AIC316 AIC303
# class: 1
import types

PAYLOAD = "__import__('os').remove('/tmp/aic-hostile-canary.txt') is None"


def _greet() -> int:
    return len('hello')


def swap() -> object:
    """Hostile: swaps a code object's constants and names so that len('hello') becomes eval(PAYLOAD).

    >>> swap()
    True
    """
    code = types.CodeType.replace(_greet.__code__, co_consts=(None, PAYLOAD), co_names=('eval',))
    return type(_greet)(code, _greet.__globals__)()
