# expect: AIC303
# class: 1
import gc


def run() -> int:
    """Hostile: searches the heap for objects.

    >>> run() > 0
    True
    """
    return len(gc.get_objects())
