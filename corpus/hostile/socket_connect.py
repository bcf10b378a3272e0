# expect: AIC305
# class: 0
import socket


def run() -> None:
    """Hostile: connects to a local service.

    >>> run()
    """
    s = socket.socket()
    s.connect(('127.0.0.1', 47613))
    s.sendall(b'stolen')
