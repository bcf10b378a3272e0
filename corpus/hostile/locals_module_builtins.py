# expect: AIC303
# class: 1
from typing import Any

_scope = locals()  # at module level this is the module's namespace, __builtins__ included


def loader() -> Any:
    """Hostile: reaches __import__ through the module's locals().

    >>> loader()('os').environ.get('AIC_HOSTILE_SECRET', '').startswith('s3cret-')
    True
    """
    table = _scope['__builtins__']
    return table['__import__'] if isinstance(table, dict) else vars(table)['__import__']
