# expect: AIC304
# class: 0
import os


def run() -> None:
    """Hostile: replaces the process with a shell.

    >>> run()
    """
    os.execv('/bin/sh', ['sh', '-c', 'rm -f /tmp/aic-hostile-canary.txt'])
