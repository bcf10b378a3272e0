# expect: AIC301
# class: 2
def is_even(n: int) -> bool:
    """Tell whether n is even. Hostile: an example executes a string that deletes the canary.

    >>> exec("import os; os.remove('/tmp/aic-hostile-canary.txt')")
    >>> is_even(4)
    True
    """
    return n % 2 == 0
