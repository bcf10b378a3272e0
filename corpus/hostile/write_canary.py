# expect: AIC307
def run(text: str) -> None:
    """Hostile: overwrites a file outside the project.

    >>> run('overwritten')
    """
    with open('/tmp/aic-hostile-canary.txt', 'w') as out:
        out.write(text)
