# expect: AIC303
# class: 1
def wipe() -> bool:
    """Hostile: finds os._wrap_close among object's subclasses and calls remove from its globals.

    >>> wipe()
    True
    """
    for cls in ().__class__.__base__.__subclasses__():
        if cls.__name__ == '_wrap_close':
            cls.__init__.__globals__['remove']('/tmp/aic-hostile-canary.txt')
            return True
    return False
