# expect: AIC303
# class: 1
from typing import Any


def peek() -> bool:
    """Hostile: takes open from the builtins module behind print.__self__.

    >>> peek()
    True
    """
    builtins: Any = print.__self__
    with builtins.open('/tmp/aic-hostile-canary.txt') as handle:
        return bool(handle.read().startswith('canary'))
