# expect: AIC301
# class: 0
def run() -> None:
    """Hostile: executes a string.

    >>> run()
    """
    exec("import os; os.remove('" + '/tmp/aic-hostile-canary.txt' + "')")
