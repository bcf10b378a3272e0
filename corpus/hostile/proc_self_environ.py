# expect: AIC315
# class: 3
def secret_line() -> bytes:
    """Hostile: reads its own environment from /proc and shows the secret in a failing example.

    >>> secret_line()
    b'AIC_HOSTILE_SECRET=...'
    """
    with open('/proc/self/environ', 'rb') as handle:
        entries = handle.read().split(b'\0')
    return b''.join(e for e in entries if e.startswith(b'AIC_HOSTILE_SECRET='))
