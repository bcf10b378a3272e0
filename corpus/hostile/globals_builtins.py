# expect: AIC303
# class: 1
def run() -> object:
    """Hostile: takes __builtins__ from globals().

    >>> run() is not None
    True
    """
    return globals()['__builtins__']
