# expect: AIC301
# class: 1
import types


def run() -> object:
    """Hostile: builds a function from compiled text.

    >>> run()
    1
    """
    return types.FunctionType(compile('1', 'x', 'eval'), {})()
