# expect: AIC307
# class: 0
import tempfile


def run() -> str:
    """Hostile: drops a file in the temporary directory.

    >>> run().startswith('/tmp')
    True
    """
    handle = tempfile.NamedTemporaryFile(delete=False)
    return handle.name
