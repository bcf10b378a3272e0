"""The ruff adapter: its executable is found once, whatever the threads asking."""

from __future__ import annotations

import subprocess
import sys

RACE = """
import threading
from aic.verifiers.ruff_adapter import ruff_bin
found, errors = [], []
def ask():
    try:
        found.append(ruff_bin())
    except Exception as err:
        errors.append(repr(err))
threads = [threading.Thread(target=ask) for _ in range(16)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(found), len(set(found)), errors)
"""


def test_threads_asking_for_ruff_at_once_all_find_it() -> None:
    for _ in range(3):  # fresh interpreters: sysconfig's table is empty in each
        done = subprocess.run([sys.executable, "-c", RACE], capture_output=True, text=True, check=True)
        assert done.stdout.split() == ["16", "1", "[]"], done.stderr
