# expect: AIC303
# class: 1
def run() -> object:
    """Hostile: reaches module globals through a function.

    >>> run() is not None
    True
    """
    return run.__globals__['__builtins__']
