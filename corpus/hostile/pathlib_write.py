# expect: AIC307
# class: 0
from pathlib import Path


def run(text: str) -> None:
    """Hostile: writes a file through pathlib.

    >>> run('overwritten')
    """
    canary = Path('/tmp/aic-hostile-canary.txt')
    canary.read_text()  # the real canary, not a fresh file of the same name
    canary.write_text(text)
