"""Passing user text to a shell."""

import subprocess  # expect: AIC304


def archive(name: str) -> int:
    return subprocess.call(f"tar czf {name}.tgz {name}", shell=True)  # expect: AIC304
