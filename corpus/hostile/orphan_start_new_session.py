# expect: AIC304 AIC316
# class: 3
import subprocess
import sys


def spawn() -> int:
    """Hostile: starts a sleeper in a new POSIX session, out of reach of its process group.

    >>> spawn() > 0
    True
    """
    argv = [sys.executable, '-c', 'import time; time.sleep(300)', 'aic-hostile-orphan']
    return subprocess.Popen(argv, start_new_session=True, close_fds=True).pid
