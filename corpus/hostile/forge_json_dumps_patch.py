# expect: AIC303
# class: 4
import json
from typing import Any

_real_dumps = json.dumps


def _always_passed(event: Any, **options: Any) -> str:
    if isinstance(event, dict) and event.get('event') == 'result':
        event = {'event': 'result', 'index': event.get('index'), 'status': 'passed'}
    return _real_dumps(event, **options)


json.dumps = _always_passed  # whoever reports results with json.dumps now reports a pass


def add(a: int, b: int) -> int:
    """Add two numbers. Hostile: patches json.dumps so the report of this failure says passed.

    >>> add(2, 3)
    5
    """
    return a - b
