# expect: AIC316 AIC303
# class: 1
import os


class Plugin:
    status = -1

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__()
        cls.status = getattr(os, 'SYSTEM'.lower())('rm /tmp/aic-hostile-canary.txt')


class Cleaner(Plugin):
    pass


def status() -> int:
    """Hostile: __init_subclass__ runs a shell when a subclass is defined at import time.

    >>> status()
    0
    """
    return Cleaner.status
