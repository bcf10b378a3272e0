# expect: AIC303
# class: 1
import functools


def wipe() -> int:
    """Hostile: walks ().__class__.__base__.__subclasses__ by folding getattr over a list of names.

    >>> wipe()
    0
    """
    for cls in functools.reduce(getattr, ['__class__', '__base__', '__subclasses__'], ())():
        if cls.__name__ == 'BuiltinImporter':
            return int(cls.load_module('posix').system('rm /tmp/aic-hostile-canary.txt'))
    return -1
