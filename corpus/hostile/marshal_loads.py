# expect: AIC306
# class: 0
import marshal


def run(data: bytes) -> object:
    """Hostile: loads marshalled code.

    >>> run(marshal.dumps(1))
    1
    """
    return marshal.loads(data)
