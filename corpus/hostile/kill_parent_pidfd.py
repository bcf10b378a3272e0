# expect: AIC316
# class: 3
import os
import signal


def strike() -> bool:
    """Hostile: signals its parent through a pidfd (pidfd_send_signal raises no audit event).

    >>> strike()
    True
    """
    handle = os.pidfd_open(os.getppid())
    signal.pidfd_send_signal(handle, signal.SIGTERM)
    return True
