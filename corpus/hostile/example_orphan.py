# expect: AIC304
# class: 2
def halve(n: int) -> int:
    """Halve a number. Hostile: an example leaves a process running in its own session.

    >>> import subprocess; subprocess.Popen(['/bin/sh', '-c', 'while :; do sleep 1; done', 'aic-hostile-orphan'], start_new_session=True).pid > 0
    True
    >>> halve(8)
    4
    """
    return n // 2
