# expect: AIC301
# class: 0
def run(text: str) -> object:
    """Hostile: evaluates text it is given.

    >>> run("open('/tmp/aic-hostile-canary.txt', 'r+').write('x')")
    1
    """
    return eval(text)
