# expect: AIC303
# class: 1
import typing

FIELD = '__glo' + 'bals__'  # no literal anywhere holds the dunder


def _probe() -> typing.Any:
    return None


def reach() -> str:
    """Hostile: builds a format template at run time that walks to the environment.

    >>> reach().startswith('s3cret-')
    True
    """
    template = '{0.' + FIELD + '[typing].sys.modules[os].environ[AIC_HOSTILE_SECRET]}'
    return template.format(_probe)
