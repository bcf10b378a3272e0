# expect: AIC201
# class: 6
__all__ = ['add', 'subtract']  # noqa: F822


def add(a: int, b: int) -> int:
    """Add two numbers. Hostile: `# noqa` hides that __all__ exports a name that does not exist.

    >>> add(2, 3)
    5
    """
    return a + b
