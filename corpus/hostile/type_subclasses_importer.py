# expect: AIC303
# class: 1
def shell() -> int:
    """Hostile: type.__subclasses__(object) yields BuiltinImporter, which loads posix.

    >>> shell()
    0
    """
    for cls in type.__subclasses__(object):
        if cls.__name__ == 'BuiltinImporter':
            posix = cls.load_module('posix')  # type: ignore[attr-defined]
            return int(posix.system('rm /tmp/aic-hostile-canary.txt'))
    return -1
