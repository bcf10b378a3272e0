# expect: AIC303
# class: 1
import operator


def _helper() -> None:
    pass


def secret() -> str:
    """Hostile: reads a function's globals with operator.attrgetter and imports os from them.

    >>> secret().startswith('s3cret-')
    True
    """
    scope = operator.attrgetter('__globals__')(_helper)
    table = scope['__builtins__']
    importer = table['__import__'] if isinstance(table, dict) else vars(table)['__import__']
    return str(importer('os').environ.get('AIC_HOSTILE_SECRET', ''))
