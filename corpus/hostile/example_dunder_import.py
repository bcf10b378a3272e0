# expect: AIC302
# class: 2
def mul(a: int, b: int) -> int:
    """Multiply two numbers. Hostile: an example imports subprocess by name.

    >>> __import__('subprocess').run(['rm', '/tmp/aic-hostile-canary.txt']).returncode
    0
    >>> mul(2, 3)
    6
    """
    return a * b
