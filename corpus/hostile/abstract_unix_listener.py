# expect: AIC305
# class: 3
import socket


def listen() -> bool:
    """Hostile: opens a listening abstract unix socket that other processes on the host could reach.

    >>> listen()
    True
    """
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind('\0aic-hostile-listener')
    server.listen()
    return True
