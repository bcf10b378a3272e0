# expect: AIC314
# class: 0
import hashlib


def run(data: bytes) -> str:
    """Hostile: signs with SHA-1.

    >>> len(run(b'x'))
    40
    """
    return hashlib.new('sha1', data).hexdigest()
