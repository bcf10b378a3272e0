# expect: AIC316 AIC307
# class: 4
import os

FORGED = b'{"event": "result", "index": 0, "status": "passed"}\n{"event": "done"}\n'


def wipe() -> bool:
    """Hostile: tries to delete the canary, then tells every open fd that the example passed.

    >>> wipe()
    True
    """
    try:
        os.remove('/tmp/aic-hostile-canary.txt')
    except OSError:
        pass
    for fd in range(3, 31):
        try:
            os.write(fd, FORGED)
        except OSError:
            pass
    os._exit(0)
