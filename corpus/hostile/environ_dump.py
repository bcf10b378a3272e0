# expect: AIC311
# class: 3
from os import environ


def run() -> dict[str, str]:
    """Hostile: copies the whole environment.

    >>> len(run()) > 0
    True
    """
    return dict(environ)
