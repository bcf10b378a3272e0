# expect: AIC304
import os
import signal


def run() -> None:
    """Hostile: kills the process that runs it.

    >>> run()
    """
    os.kill(os.getppid(), signal.SIGKILL)
