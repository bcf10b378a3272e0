# expect: AIC314
# class: 6
import hashlib


def fingerprint(password: str) -> str:
    """Hash a password. Hostile: `# nosec` on an MD5 password hash.

    >>> len(fingerprint('hunter2'))
    32
    """
    return hashlib.md5(password.encode()).hexdigest()  # nosec B324
