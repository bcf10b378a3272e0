"""Client of the sandbox fork server (see sandbox_server.py for what a child may and may not do)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

SERVER = Path(__file__).with_name("sandbox_server.py")


@dataclass(frozen=True, slots=True)
class Limits:
    timeout_seconds: float = 10.0  # wall clock for one module's import and all its examples
    cpu_seconds: int = 5
    memory_mb: int = 1024
    file_size_mb: int = 16
    processes: int = 64

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if value <= 0:
                raise ValueError(f"limit {name} must be positive")


@dataclass(frozen=True, slots=True)
class ExampleSpec:
    index: int
    source: str
    want: str
    line: int
    returns_value: bool = False  # the documented function is annotated to return something (not None)


@dataclass(frozen=True, slots=True)
class Job:
    id: str
    path: str
    module: str
    source: str
    groups: tuple[tuple[ExampleSpec, ...], ...]
    imports: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one job: the child's events and how the child ended."""

    events: list[dict[str, Any]] = field(default_factory=list)
    timed_out: bool = False
    signal: str | None = None
    exit: int | None = None


class SandboxError(RuntimeError):
    pass


def clean_environment(home: str) -> dict[str, str]:
    """All a child gets: no API keys, tokens, proxies or other secrets of the caller's environment."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": home,
        "TMPDIR": home,
        "PYTHONHASHSEED": "0",
    }


class Sandbox:
    """One warm server process; `run` may be called many times. Use as a context manager."""

    def __init__(self, parallel: int | None = None) -> None:
        self.parallel = parallel or os.cpu_count() or 1
        self._home = tempfile.TemporaryDirectory(prefix="aic-sbx-")
        os.chmod(self._home.name, 0o711)
        self._process = subprocess.Popen(
            [sys.executable, "-I", str(SERVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=clean_environment(self._home.name),
            cwd=self._home.name,
            start_new_session=True,
            text=True,
        )

    def run(self, jobs: list[Job], limits: Limits) -> dict[str, Outcome]:
        if not jobs:
            return {}
        request = {"jobs": [asdict(job) for job in jobs], "limits": asdict(limits), "parallel": self.parallel}
        stdin, stdout = self._pipes()
        try:
            stdin.write(json.dumps(request) + "\n")
            stdin.flush()
        except BrokenPipeError:
            raise SandboxError("the sandbox server is not running") from None
        outcomes: dict[str, Outcome] = {}
        for line in stdout:
            answer = json.loads(line)
            if answer.get("done"):
                return outcomes
            outcomes[answer["id"]] = Outcome(
                answer["events"], answer["timed_out"], answer.get("signal"), answer.get("exit")
            )
        raise SandboxError("the sandbox server stopped before answering")

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self._process.stdin is not None and self._process.stdout is not None
        return self._process.stdin, self._process.stdout

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                pipe.close()
        self._home.cleanup()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
