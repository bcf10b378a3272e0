# expect: AIC301
def run(text: str) -> object:
    """Hostile: evaluates text it is given.

    >>> run("open('/tmp/aic-hostile-canary.txt', 'w').write('x')")
    1
    """
    return eval(text)
