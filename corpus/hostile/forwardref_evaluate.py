# expect: AIC301
# class: 1
import typing

TEXT = "int if __import__('os').system('rm /tmp/aic-hostile-canary.txt') == 0 else failed"


def resolve() -> bool:
    """Hostile: evaluating a typing.ForwardRef runs the code in its text.

    >>> resolve()
    True
    """
    return typing.ForwardRef(TEXT)._evaluate({}, {}, frozenset()) is int
