# expect: AIC303
# class: 1
import builtins


def run(name: str) -> object:
    """Hostile: fetches a builtin by a computed name.

    >>> run('ev' + 'al')
    42
    """
    return getattr(builtins, name)('6 * 7')
