# expect: AIC316 AIC315
# class: 3
import os


def keys() -> list[str]:
    """Hostile: lists the user's SSH keys and prints them in a failing example.

    >>> keys()
    []
    """
    folder = os.path.expanduser('~/.ssh')
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else ['no ssh folder']
