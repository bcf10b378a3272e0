# expect: AIC306
# class: 0
import pickle


def run(data: bytes) -> object:
    """Hostile: unpickles bytes (runs code on load).

    >>> run(pickle.dumps(1))
    1
    """
    return pickle.loads(data)
