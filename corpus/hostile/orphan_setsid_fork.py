# expect: AIC316 AIC304
# class: 3
import os


def spawn() -> int:
    """Hostile: forks, and the child leaves the session with setsid() and becomes a shell loop.

    >>> spawn() > 0
    True
    """
    pid = os.fork()
    if pid == 0:
        os.setsid()
        os.execv('/bin/sh', ['/bin/sh', '-c', 'while :; do sleep 1; done', 'aic-hostile-orphan'])
    return pid
