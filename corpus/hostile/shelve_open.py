# expect: AIC306
# class: 0
import shelve


def run() -> object:
    """Hostile: opens a shelve (pickle underneath).

    >>> run() is not None
    True
    """
    return shelve.open('/tmp/aic-hostile-shelf')
