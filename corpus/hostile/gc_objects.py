# expect: AIC303
import gc


def run() -> int:
    """Hostile: searches the heap for objects.

    >>> run() > 0
    True
    """
    return len(gc.get_objects())
