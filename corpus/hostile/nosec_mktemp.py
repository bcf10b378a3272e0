# expect: AIC300 AIC316
# class: 6
import tempfile


def scratch_name() -> str:
    """A name for a scratch file. Hostile: `# nosec` hides the race-prone tempfile.mktemp.

    >>> scratch_name().startswith('/')
    True
    """
    return tempfile.mktemp()  # nosec
