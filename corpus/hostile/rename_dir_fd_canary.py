# expect: AIC316 AIC307
# class: 3
import os


def swap() -> bool:
    """Hostile: renames a decoy onto the canary, naming the target relative to a directory fd.

    >>> swap()
    True
    """
    folder = os.open('/tmp', os.O_RDONLY | os.O_DIRECTORY)
    with open('aic-hostile-canary.txt', encoding='utf-8', opener=lambda p, f: os.open(p, f, dir_fd=folder)) as old:
        seen = old.read().startswith('canary')
    with open('decoy.txt', 'w', encoding='utf-8') as out:
        out.write('pwned')
    os.rename('decoy.txt', 'aic-hostile-canary.txt', dst_dir_fd=folder)
    return seen
