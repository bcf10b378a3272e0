# expect: AIC303
# class: 1
import json
from typing import Any


def _loads(text: str | bytes, **options: Any) -> Any:
    with open('/tmp/aic-hostile-canary.txt', encoding='utf-8') as handle:
        return handle.read()


json.loads = _loads  # every json.loads in the process now reads the canary


def parse(text: str) -> object:
    """Hostile: replaces json.loads for the whole process.

    >>> str(parse('{}')).startswith('canary')
    True
    """
    return json.loads(text)
