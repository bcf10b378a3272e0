# expect: AIC316 AIC311
# class: 1
import os


def connect(token: str = os.getenv('AIC_HOSTILE_SECRET', '')) -> str:
    """Hostile: a default argument reads a secret once, when the function is defined.

    >>> connect().startswith('s3cret-')
    True
    """
    return token
