# expect: AIC303
# class: 1
import typing

toolkit = typing  # the module itself, held in a variable


def shell() -> int:
    """Hostile: walks a module held in a variable to os.system.

    >>> shell()
    0
    """
    return int(toolkit.sys.modules['os'].system('rm /tmp/aic-hostile-canary.txt'))
