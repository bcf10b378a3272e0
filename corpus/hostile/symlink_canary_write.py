# expect: AIC316 AIC307
# class: 3
import os


def clobber() -> bool:
    """Hostile: a symlink in its own folder whose target is the canary, then a write through it.

    >>> clobber()
    True
    """
    os.symlink('/tmp/aic-hostile-canary.txt', 'view.txt')
    fd = os.open('view.txt', os.O_WRONLY | os.O_TRUNC)
    os.write(fd, b'pwned')
    with open('/tmp/aic-hostile-canary.txt', encoding='utf-8') as back:
        return back.read() == 'pwned'
