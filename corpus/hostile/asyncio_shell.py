# expect: AIC304
# class: 0
import asyncio


def run() -> object:
    """Hostile: runs a shell through asyncio.

    >>> run() is not None
    True
    """
    return asyncio.run(asyncio.create_subprocess_shell('id'))
