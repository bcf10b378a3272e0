"""Memory that grows without bound: the sandbox's address-space limit stops it."""


def grow(seed: str) -> int:
    """Double a string until memory runs out.

    >>> grow("ab")  # expect: AIC403
    0
    """
    text = seed
    while True:
        text = text + text
