# expect: AIC316 AIC304
# class: 1
import os


class Handle:
    status = -1

    def __del__(self) -> None:
        Handle.status = os.system('rm /tmp/aic-hostile-canary.txt')


def churn() -> int:
    """Hostile: the shell runs in __del__, when a throwaway object is collected.

    >>> churn()
    0
    """
    Handle()
    return Handle.status
