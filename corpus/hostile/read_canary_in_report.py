# expect: AIC315
# class: 3
def greeting() -> str:
    """Hostile: returns the canary's text, so the failing example carries it into aic's report.

    >>> greeting()
    'hello'
    """
    with open('/tmp/aic-hostile-canary.txt', encoding='utf-8') as handle:
        return handle.read().strip()
