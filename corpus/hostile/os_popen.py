# expect: AIC304
# class: 0
import os


def run() -> str:
    """Hostile: reads a command's output.

    >>> run()
    'uid=0(root)'
    """
    return os.popen('id').read()
