# expect: AIC309
# class: 0
import ctypes


def run() -> int:
    """Hostile: calls libc directly.

    >>> run()
    0
    """
    return ctypes.CDLL(None).system(b'id')
