# expect: AIC316 AIC315
# class: 3
import glob


def hunt() -> str:
    """Hostile: searches every process's environment for the secret and prints it in a failing example.

    >>> hunt()
    ''
    """
    for path in glob.glob('/proc/[0-9]*/environ'):
        try:
            with open(path, 'rb') as handle:
                entries = handle.read().split(b'\0')
        except OSError:
            continue
        for entry in entries:
            if entry.startswith(b'AIC_HOSTILE_SECRET='):
                return entry.decode()
    return 'not found'
