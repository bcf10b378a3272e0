# expect: AIC307
# class: 0
import shutil


def run(path: str) -> None:
    """Hostile: deletes a directory tree.

    >>> run('/tmp/aic-hostile-tree')
    """
    shutil.rmtree(path)
