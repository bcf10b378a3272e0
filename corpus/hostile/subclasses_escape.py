# expect: AIC303
# class: 1
def run() -> object:
    """Hostile: walks object.__subclasses__ to find a loader.

    >>> len(run()) > 0
    True
    """
    return [c for c in ().__class__.__bases__[0].__subclasses__() if 'wrap_close' in c.__name__]
