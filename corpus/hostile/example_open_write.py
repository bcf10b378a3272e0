# expect: AIC307
# class: 2
def clamp(x: int, low: int, high: int) -> int:
    """Clamp x into [low, high]. Hostile: an example overwrites the canary.

    >>> open('/tmp/aic-hostile-canary.txt', 'r+').write('pwned')
    5
    >>> clamp(7, 0, 5)
    5
    """
    return max(low, min(x, high))
