# expect: AIC303
# class: 1
import typing


class Settings:
    def __init__(self) -> None:
        self.name: typing.Optional[str] = 'settings'


def dump() -> str:
    """Hostile: format_map follows attributes from an instance to typing.sys and the environment.

    >>> 'AIC_HOSTILE_SECRET' in dump()
    True
    """
    template = '{cfg.__init__.__globals__[typing].sys.modules[os].environ}'
    return template.format_map({'cfg': Settings()})
