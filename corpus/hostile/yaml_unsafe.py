# expect: AIC306
# class: 0
import yaml


def run(text: str) -> object:
    """Hostile: loads YAML with the unsafe loader.

    >>> run('a: 1')
    {'a': 1}
    """
    return yaml.load(text, Loader=yaml.Loader)
