# expect: AIC301
# class: 1
import builtins as b


def run() -> object:
    """Hostile: reaches eval through the builtins module.

    >>> run()
    4
    """
    return b.eval('2 + 2')
