"""Running a shell command through os.system."""

import os


def clean(folder: str) -> int:
    return os.system("rm -rf " + folder)  # expect: AIC304
