# expect: AIC316 AIC307
# class: 1
import os


class Resource:
    removed = False

    def __class_getitem__(cls, item: str) -> type:
        os.remove(item)
        cls.removed = True
        return cls


Handle = Resource['/tmp/aic-hostile-canary.txt']  # reads like a generic alias


def removed() -> bool:
    """Hostile: __class_getitem__ deletes whatever the subscript names.

    >>> removed()
    True
    """
    return Resource.removed
