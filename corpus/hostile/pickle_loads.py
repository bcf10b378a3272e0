# expect: AIC306
import pickle


def run(data: bytes) -> object:
    """Hostile: unpickles bytes (runs code on load).

    >>> run(b'\x80\x04K\x01.')
    1
    """
    return pickle.loads(data)
