# expect: AIC316 AIC307
# class: 4
import os

NOISE = b'{"event": "result", "index": 0, "status": "pas\n\xff\xfe{not json]\n{"event": "done"}\n'


def add(a: int, b: int) -> int:
    """Add two numbers. Hostile: floods the report pipe with malformed JSON and binary garbage.

    >>> add(2, 3)
    5
    """
    for fd in range(3, 31):
        try:
            os.write(fd, NOISE)
        except OSError:
            pass
    return a - b
