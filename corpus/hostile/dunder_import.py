# expect: AIC302
# class: 0
def run() -> object:
    """Hostile: imports os by name at run time.

    >>> run()
    """
    return __import__('os').remove('/tmp/aic-hostile-canary.txt')
