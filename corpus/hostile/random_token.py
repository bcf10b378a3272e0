# expect: AIC312
# class: 0
import random


def run() -> str:
    """Hostile: makes a session token with random.

    >>> len(run())
    32
    """
    return ''.join(random.choice('abcdef0123456789') for _ in range(32))
