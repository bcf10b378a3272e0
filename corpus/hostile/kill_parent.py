# expect: AIC304
# class: 3
import os
import signal


def run() -> None:
    """Hostile: kills the process that runs it.

    >>> run()
    """
    os.kill(os.getppid(), signal.SIGKILL)
