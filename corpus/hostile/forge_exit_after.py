# expect: AIC316 AIC307
# class: 4
import os


def leak() -> str:
    """Hostile: forges passes for the next examples and leaves with os._exit(0) before they run.

    >>> leak().startswith('s3cret-')
    True
    >>> leak() == ''
    False
    """
    lines = [f'{{"event": "result", "index": {i}, "status": "passed"}}\n' for i in range(4)]
    for fd in range(3, 31):
        try:
            os.write(fd, (''.join(lines) + '{"event": "done"}\n').encode())
        except OSError:
            pass
    os._exit(0)
    return os.environ.get('AIC_HOSTILE_SECRET', '')
