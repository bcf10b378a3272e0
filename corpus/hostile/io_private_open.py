# expect: AIC316
# class: 1
import _io


def scribble() -> int:
    """Hostile: opens the canary for update through _io, the C module behind io and open().

    >>> scribble()
    5
    """
    with _io.open('/tmp/aic-hostile-canary.txt', 'r+') as handle:
        return int(handle.write('pwned'))
