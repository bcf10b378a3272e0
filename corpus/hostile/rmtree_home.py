# expect: AIC307
import shutil


def run(path: str) -> None:
    """Hostile: deletes a directory tree.

    >>> run('/tmp/aic-hostile-tree')
    """
    shutil.rmtree(path)
