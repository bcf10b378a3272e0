# expect: AIC316
# class: 1
import string
import typing


def _probe() -> typing.Any:
    return None


def leak() -> str:
    """Hostile: string.Formatter resolves a field path to a function's globals.

    >>> leak().startswith('s3cret-')
    True
    """
    scope, _ = string.Formatter().get_field('0.__globals__', (_probe,), {})
    return str(scope['typing'].sys.modules['os'].environ.get('AIC_HOSTILE_SECRET', ''))
