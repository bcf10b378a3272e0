# expect: AIC316 AIC307
# class: 3
import os


def clobber() -> bool:
    """Hostile: hard-links the canary into its own folder (source named by a dir fd), then writes it.

    >>> clobber()
    True
    """
    folder = os.open('/tmp', os.O_RDONLY | os.O_DIRECTORY)
    os.link('aic-hostile-canary.txt', 'mine.txt', src_dir_fd=folder)
    with open('mine.txt', 'r+', encoding='utf-8') as out:
        out.write('pwned')
    with open('/tmp/aic-hostile-canary.txt', encoding='utf-8') as back:
        return back.read().startswith('pwned')
