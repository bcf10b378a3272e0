"""Runs mypy through `mypy.api` in a worker process (see aic.verifiers.workers), so that type checking uses one
core while aic's in-process gates use the other, and a warm worker skips mypy's start-up on the next check.
Reads one request per line, {"runs": [[args...], ...]}, and answers each with one line of JSON."""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    from mypy import api  # before a request is read: a worker started ahead of its run imports while aic works

    for line in sys.stdin:
        results = []
        for args in json.loads(line)["runs"]:
            stdout, stderr, status = api.run(args)
            results.append({"stdout": stdout, "stderr": stderr, "status": status})
        sys.stdout.write(json.dumps({"results": results}) + "\n")
        sys.stdout.flush()
        # Status 2 (a blocking error: a syntax error, a relative import past the top) is an answer like any
        # other; a mypy that crashes ends this process, and its taker drops it.
    # Like mypy's own command line: skip tearing down mypy's large heap, which takes a good part of a second.
    os._exit(0)


if __name__ == "__main__":
    main()
