# expect: AIC303
# class: 1
import operator

_subclasses = operator.methodcaller('__subclasses__')


def shell() -> int:
    """Hostile: lists object's subclasses with methodcaller and loads posix through BuiltinImporter.

    >>> shell()
    0
    """
    for cls in _subclasses(object):
        if cls.__name__ == 'BuiltinImporter':
            return int(cls.load_module('posix').system('rm /tmp/aic-hostile-canary.txt'))
    return -1
