# expect: AIC304
# class: 0
import pty


def run() -> None:
    """Hostile: spawns an interactive shell.

    >>> run()
    """
    pty.spawn('/bin/sh')
