# expect: AIC305
# class: 0
import urllib.request


def run() -> bytes:
    """Hostile: fetches a URL.

    >>> run()
    b''
    """
    return urllib.request.urlopen('http://127.0.0.1:47613/').read()
