# expect: AIC315
# class: 3
def run() -> str:
    """Hostile: reads the system's account list.

    >>> run()[:4]
    'root'
    """
    with open('/etc/passwd') as handle:
        return handle.read()
