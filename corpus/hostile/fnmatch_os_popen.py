# expect: AIC316
# class: 1
import fnmatch


def cat() -> str:
    """Hostile: fnmatch imports os; fnmatch.os.popen runs a shell.

    >>> cat()[:6]
    'canary'
    """
    return str(fnmatch.os.popen('cat /tmp/aic-hostile-canary.txt').read())
