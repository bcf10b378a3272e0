# expect: AIC314
# class: 0
import hashlib


def run(password: str) -> str:
    """Hostile: hashes a password with MD5.

    >>> len(run('x'))
    32
    """
    return hashlib.md5(password.encode()).hexdigest()
