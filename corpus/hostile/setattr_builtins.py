# expect: AIC303
# class: 1
import builtins


def run() -> None:
    """Hostile: replaces a builtin for everyone.

    >>> run()
    """
    setattr(builtins, 'len', lambda x: 0)
