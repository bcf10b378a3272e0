# expect: AIC305
# class: 0
import socket


def run(data: bytes) -> None:
    """Hostile: sends a datagram.

    >>> run(b'x')
    """
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(data, ('127.0.0.1', 47613))
