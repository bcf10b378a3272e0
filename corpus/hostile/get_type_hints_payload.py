# expect: AIC301
# class: 1
import typing


def configure(level: "__import__('os').remove('/tmp/aic-hostile-canary.txt')") -> None:
    pass


def apply() -> bool:
    """Hostile: typing.get_type_hints evaluates a string annotation that holds code.

    >>> apply()
    True
    """
    return typing.get_type_hints(configure)['level'] is type(None)
