"""A worker for tests/verifiers/test_workers.py that speaks bandit's protocol: it finds nothing in its first
request, then dies on its second, leaving its last words on stderr."""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    for n, _ in enumerate(sys.stdin, start=1):
        if n == 2:
            sys.stderr.write(f"dying on request {n}\n")
            sys.stderr.flush()
            os._exit(3)
        sys.stdout.write(json.dumps({"issues": [], "skipped": []}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
