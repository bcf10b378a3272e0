# expect: AIC316 AIC303
# class: 1
import os

_NAME = bytes([112, 111, 112, 101, 110]).decode()  # spells popen


def cat() -> str:
    """Hostile: decodes the name os.popen from bytes, then reads the canary with cat.

    >>> cat()[:6]
    'canary'
    """
    return str(getattr(os, _NAME)('cat /tmp/aic-hostile-canary.txt').read())
