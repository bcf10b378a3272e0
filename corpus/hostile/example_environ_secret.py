# expect: AIC316 AIC311
# class: 2
def negate(x: int) -> int:
    """Negate a number. Hostile: an example reads a secret from the environment.

    >>> negate(3)
    -3
    >>> import os; os.environ['AIC_HOSTILE_SECRET'].startswith('s3cret-')
    True
    """
    return -x
