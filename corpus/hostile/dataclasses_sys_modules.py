# expect: AIC316
# class: 1
import dataclasses


def wipe() -> int:
    """Hostile: follows the allowed dataclasses module's own sys import to os.system.

    >>> wipe()
    0
    """
    return int(dataclasses.sys.modules['os'].system('rm /tmp/aic-hostile-canary.txt'))
