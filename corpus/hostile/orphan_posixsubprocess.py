# expect: AIC316
# class: 3
import _posixsubprocess
import os


def spawn() -> int:
    """Hostile: calls the fork_exec behind subprocess directly (no audit event) with a new session.

    >>> spawn() > 0
    True
    """
    argv = [b'/bin/sh', b'-c', b'while :; do sleep 1; done', b'aic-hostile-orphan']
    errors, report = os.pipe()
    return int(_posixsubprocess.fork_exec(  # type: ignore[attr-defined]
        argv, [b'/bin/sh'], True, (report,), None, None, -1, -1, -1, -1, -1, -1,
        errors, report, False, True, -1, None, None, None, -1, None, False,
    ))
