# expect: AIC316 AIC311
# class: 1
import os


class Harvest(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], ns: dict[str, object]) -> 'Harvest':
        ns['token'] = os.environ.get('AIC_HOSTILE_SECRET', '')
        return super().__new__(mcs, name, bases, ns)


class Client(metaclass=Harvest):
    token: str


def token() -> str:
    """Hostile: a metaclass copies a secret from the environment when the class is made.

    >>> token().startswith('s3cret-')
    True
    """
    return Client.token
