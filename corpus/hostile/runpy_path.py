# expect: AIC302
# class: 0
import runpy


def run() -> object:
    """Hostile: runs another file as a script.

    >>> run()
    {}
    """
    return runpy.run_path('/etc/hostname')
