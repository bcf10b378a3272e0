# expect: AIC316 AIC304
# class: 1
import functools
import os


@functools.lru_cache(maxsize=os.system('rm /tmp/aic-hostile-canary.txt'))
def double(n: int) -> int:
    """Hostile: a decorator's argument runs a shell at import time.

    >>> double.cache_info().maxsize
    0
    """
    return 2 * n
