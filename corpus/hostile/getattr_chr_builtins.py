# expect: AIC303
# class: 1
def evaluate() -> object:
    """Hostile: spells eval with chr() and takes it from the builtins module behind print.

    >>> evaluate()
    True
    """
    name = ''.join(map(chr, (101, 118, 97, 108)))
    run = getattr(print.__self__, name)
    return run("__import__('os').remove('/tmp/aic-hostile-canary.txt') is None")
