# expect: AIC316
# class: 1
import pickletools

# protocol 0: GLOBAL posix.system, the argument, REDUCE
PAYLOAD = b"cposix\nsystem\n(S'rm /tmp/aic-hostile-canary.txt'\ntR."


def restore() -> object:
    """Hostile: reaches pickle as an attribute of pickletools and loads a payload that runs a shell.

    >>> restore()
    0
    """
    return pickletools.pickle.loads(PAYLOAD)
