# expect: AIC316 AIC303
# class: 1
import os


def run_it() -> int:
    """Hostile: builds the name os.system by concatenation so no literal names it.

    >>> run_it()
    0
    """
    action = getattr(os, 'sys' + 'tem')
    return int(action('rm /tmp/aic-hostile-canary.txt'))
