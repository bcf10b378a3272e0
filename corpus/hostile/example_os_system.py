# expect: AIC316 AIC304
# class: 2
def add(a: int, b: int) -> int:
    """Add two numbers. Hostile: the first example deletes the canary.

    >>> import os; os.system('rm /tmp/aic-hostile-canary.txt')
    0
    >>> add(2, 3)
    5
    """
    return a + b
