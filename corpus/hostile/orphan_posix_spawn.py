# expect: AIC316 AIC304
# class: 3
import os


def spawn() -> int:
    """Hostile: posix_spawn with setsid=True starts a shell loop in a session of its own.

    >>> spawn() > 0
    True
    """
    argv = ['/bin/sh', '-c', 'while :; do sleep 1; done', 'aic-hostile-orphan']
    return os.posix_spawn('/bin/sh', argv, {}, setsid=True)
