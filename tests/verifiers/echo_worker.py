"""A worker for tests/verifiers/test_workers.py: answers each request with itself, after writing `chatter`
bytes to stderr; a request holding "garbage" is answered with a line that is not JSON."""

from __future__ import annotations

import json
import sys


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        sys.stderr.write("x" * int(request.get("chatter", 0)))
        sys.stderr.flush()
        sys.stdout.write("not the protocol\n" if "garbage" in request else json.dumps(request) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
