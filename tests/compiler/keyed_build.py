"""`python -m tests.compiler.keyed_build PROJECT CODES.json [FLAGS...]`: `aic build` in a process of its own, with a
backend that answers each function with the canned code CODES.json gives for its name, after a pause that stands
for the model's time. The crash and concurrency tests kill or race these processes."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from aic import backends
from aic.backends import BackendError, Reply, Request
from aic.cli import main
from aic.config import BuildSettings
from tests.compiler.scripted import asked_function, fenced

DELAY = 0.2


class KeyedBackend:
    name = "scripted"
    model = "keyed"
    digest = "keyed"
    prefill = False

    def __init__(self, codes: dict[str, str]) -> None:
        self.codes = codes

    def complete(self, request: Request) -> Reply:
        time.sleep(DELAY)
        name = asked_function(request.messages)
        if name is None or name not in self.codes:
            raise BackendError("the keyed backend has no code for this request")
        return Reply(fenced(self.codes[name]), "stop", prompt_tokens=100, completion_tokens=20)

    def close(self) -> None:
        pass


def run(argv: list[str]) -> int:
    project, codes = argv[0], json.loads(Path(argv[1]).read_text(encoding="utf-8"))

    def make(settings: BuildSettings) -> KeyedBackend:
        return KeyedBackend(codes)

    backends.make_backend = make
    return main(["build", project, *argv[2:]])


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
