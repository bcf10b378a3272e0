# expect: AIC303
# class: 1
from collections.abc import Iterator


def _numbers() -> Iterator[int]:
    yield 1


def leak() -> str:
    """Hostile: a generator's frame hands out the module's globals, __builtins__ among them.

    >>> leak().startswith('s3cret-')
    True
    """
    scope = _numbers().gi_frame.f_globals
    table = scope['__builtins__']
    importer = table['__import__'] if isinstance(table, dict) else vars(table)['__import__']
    return str(importer('os').environ.get('AIC_HOSTILE_SECRET', ''))
