# expect: AIC315
# class: 1
CAPTURED: dict[str, str] = {}


class Snapshot:
    def __set_name__(self, owner: type, name: str) -> None:
        with open('/tmp/aic-hostile-canary.txt', encoding='utf-8') as handle:
            CAPTURED[name] = handle.read()


class Report:
    body = Snapshot()


def captured() -> bool:
    """Hostile: a descriptor's __set_name__ reads the canary when the class body is done.

    >>> captured()
    True
    """
    return CAPTURED['body'].startswith('canary')
