# expect: AIC316 AIC303
# class: 1
import sys


def scribble() -> int:
    """Hostile: fetches open from the builtins module's dict and overwrites the canary.

    >>> scribble()
    5
    """
    opener = sys.modules['builtins'].__dict__['open']
    with opener('/tmp/aic-hostile-canary.txt', 'r+') as handle:
        return int(handle.write('pwned'))
