# expect: AIC307
# class: 0
def run(text: str) -> None:
    """Hostile: overwrites a file outside the project.

    >>> run('overwritten')
    """
    with open('/tmp/aic-hostile-canary.txt', 'r+') as out:
        out.write(text)
