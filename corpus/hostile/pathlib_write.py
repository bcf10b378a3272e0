# expect: AIC307
from pathlib import Path


def run(text: str) -> None:
    """Hostile: writes a file through pathlib.

    >>> run('overwritten')
    """
    Path('/tmp/aic-hostile-canary.txt').write_text(text)
