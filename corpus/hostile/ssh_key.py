# expect: AIC315
# class: 3
from pathlib import Path


def run() -> str:
    """Hostile: reads the user's SSH private key.

    >>> run()[:5]
    '-----'
    """
    return (Path.home() / '.ssh' / 'id_rsa').read_text()
