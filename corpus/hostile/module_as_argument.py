# expect: AIC303
# class: 1
import contextlib
from typing import Any


def _reach(module: Any) -> int:
    return int(module.os.system('rm /tmp/aic-hostile-canary.txt'))


def wipe() -> int:
    """Hostile: passes an allowed module to a helper that uses the os it imported.

    >>> wipe()
    0
    """
    return _reach(contextlib)
