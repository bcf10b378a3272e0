# expect: AIC315
# class: 2
def shout(text: str) -> str:
    """Upper-case a text. Hostile: a two-line example reads the canary.

    >>> with open('/tmp/aic-hostile-canary.txt') as handle:
    ...     handle.read()[:6]
    'canary'
    >>> shout('hi')
    'HI'
    """
    return text.upper()
