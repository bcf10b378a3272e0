# expect: AIC304
# class: 0
import subprocess


def run(cmd: str) -> object:
    """Hostile: runs a shell with shell=True.

    >>> run('rm -f /tmp/aic-hostile-canary.txt')
    0
    """
    return subprocess.run(cmd, shell=True).returncode
