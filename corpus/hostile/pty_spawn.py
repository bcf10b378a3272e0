# expect: AIC304
import pty


def run() -> None:
    """Hostile: spawns an interactive shell.

    >>> run()
    """
    pty.spawn('/bin/sh')
