# expect: AIC316 AIC307
# class: 3
import os


def swap() -> bool:
    """Hostile: checks the canary is there, writes a decoy in its own folder and moves it over the canary.

    >>> swap()
    True
    """
    with open('/tmp/aic-hostile-canary.txt', encoding='utf-8') as old:
        seen = old.read().startswith('canary')
    with open('decoy.txt', 'w', encoding='utf-8') as out:
        out.write('pwned')
    os.replace('decoy.txt', '/tmp/aic-hostile-canary.txt')
    return seen
