# expect: AIC316
# class: 1
import json


def scribble() -> bool:
    """Hostile: json imports codecs; json.codecs.open overwrites where open() would be refused.

    >>> scribble()
    True
    """
    with json.codecs.open('/tmp/aic-hostile-canary.txt', 'r+', encoding='utf-8') as handle:
        seen = str(handle.read(6)) == 'canary'
        handle.seek(0)
        handle.write('pwned')
    return seen
