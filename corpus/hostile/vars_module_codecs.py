# expect: AIC303
# class: 1
import json


def peek() -> bool:
    """Hostile: finds codecs in vars() of an allowed module and reads the canary with it.

    >>> peek()
    True
    """
    codecs = vars(json)['codecs']
    with codecs.open('/tmp/aic-hostile-canary.txt', encoding='utf-8') as handle:
        return str(handle.read()).startswith('canary')
