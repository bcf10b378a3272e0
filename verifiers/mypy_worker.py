"""Runs mypy through `mypy.api` in a worker process, so that type checking uses one core while aic's
in-process gates use the other. Reads {"runs": [[args...], ...]} on stdin, writes the results as JSON."""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    from mypy import api  # before the request is read: a worker started ahead of its run imports while aic works

    request = json.load(sys.stdin)
    results = []
    for args in request["runs"]:
        stdout, stderr, status = api.run(args)
        results.append({"stdout": stdout, "stderr": stderr, "status": status})
    json.dump({"results": results}, sys.stdout)
    sys.stdout.flush()
    # Like mypy's own command line: skip tearing down mypy's large heap, which takes a good part of a second.
    os._exit(0)


if __name__ == "__main__":
    main()
