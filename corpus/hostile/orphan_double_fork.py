# expect: AIC316 AIC304
# class: 3
import os


def daemonize() -> bool:
    """Hostile: the classic double fork; the grandchild is re-parented and outlives the check.

    >>> daemonize()
    True
    """
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv('/bin/sh', ['/bin/sh', '-c', 'while :; do sleep 1; done', 'aic-hostile-orphan'])
        os._exit(0)
    os.wait()
    return True
