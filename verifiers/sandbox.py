"""Client of the sandbox fork server (see sandbox_server.py and sandbox_confine.py for what a job may do).

The server runs under bubblewrap (isolation.py) from a private copy of its four stdlib-only files, so the
sandbox sees none of aic's tree. Where isolation cannot be had, the sandbox runs nothing (`unavailable` says
why) unless the project waived it (`isolation="waived"`): then the server runs without bubblewrap and its
children are confined as before (audit hook, uid drop, network namespace). What the server answers is checked
and judged here (sandbox_verdict.py) before any caller sees it: the child reports data, aic decides.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from aic.verifiers import isolation as os_isolation
from aic.verifiers.budgets import Limits
from aic.verifiers.project import NO_PROJECT, ProjectModules
from aic.verifiers.sandbox_verdict import Plan, judge, plan

SERVER_FILES = ("sandbox_server.py", "sandbox_child.py", "sandbox_confine.py", "sandbox_honest.py")
ISOLATION = ("required", "waived")


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
    """What happened to one job: the events aic believes (judged, see sandbox_verdict) and how the child ended.
    `invalid`: why the report was refused when no example is concerned; `unavailable`: why nothing ran."""

    events: list[dict[str, Any]] = field(default_factory=list)
    timed_out: bool = False
    signal: str | None = None
    exit: int | None = None
    invalid: str | None = None
    unavailable: str | None = None


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

    def __init__(self, parallel: int | None = None, isolation: str = "required") -> None:
        if isolation not in ISOLATION:
            raise ValueError(f"isolation must be one of {', '.join(ISOLATION)}, not {isolation!r}")
        self.parallel = parallel or os.cpu_count() or 1
        self._home = tempfile.TemporaryDirectory(prefix="aic-sbx-")
        os.chmod(self._home.name, 0o711)
        code = Path(self._home.name) / "code"
        code.mkdir(mode=0o755)
        for name in SERVER_FILES:
            shutil.copyfile(Path(__file__).with_name(name), code / name)
        inside = clean_environment(os_isolation.SCRATCH)
        argv, why = os_isolation.server_command(code, inside)
        self.isolated = argv is not None
        self.unavailable: str | None = None
        self._process: subprocess.Popen[str] | None = None
        # One request at a time on the server's pipes: a build's threads share one sandbox (the server runs
        # the jobs of a request in parallel itself), and two requests interleaved would read each other's answers.
        self._turn = threading.Lock()
        if argv is None and isolation == "required":
            self.unavailable = why
            return
        environment = inside if argv is not None else clean_environment(self._home.name)
        self._process = subprocess.Popen(
            argv or [sys.executable, "-I", str(code / "sandbox_server.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment,
            cwd=self._home.name,
            start_new_session=True,
            text=True,
        )

    def run(self, jobs: list[Job], limits: Limits, project: ProjectModules = NO_PROJECT) -> dict[str, Outcome]:
        """`project`: the project's own modules the jobs may import (aic.verifiers.project), served from memory."""
        if not jobs:
            return {}
        if self.unavailable is not None:
            return {job.id: Outcome(unavailable=self.unavailable) for job in jobs}
        plans = {job.id: plan(job) for job in jobs}
        request = {
            "jobs": [_wire(job, plans[job.id]) for job in jobs],
            "limits": asdict(limits),
            "parallel": self.parallel,
            "project": project.wire(),
        }
        with self._turn:
            return self._serve(jobs, plans, request)

    def _serve(self, jobs: list[Job], plans: dict[str, Plan], request: dict[str, Any]) -> dict[str, Outcome]:
        stdin, stdout = self._pipes()
        try:
            stdin.write(json.dumps(request) + "\n")
            stdin.flush()
        except BrokenPipeError:
            raise SandboxError("the sandbox server is not running") from None
        outcomes: dict[str, Outcome] = {}
        for line in stdout:
            answer = _answer(line)
            if answer is None:
                continue  # not a line of the server's protocol: what it concerns, if anything, gets no pass
            if answer.get("done") is True:
                missing = "the sandbox server gave no report for this job"
                return {job.id: outcomes.get(job.id) or Outcome(invalid=missing) for job in jobs}
            if answer["id"] in plans and answer["id"] not in outcomes:
                outcomes[answer["id"]] = _outcome(plans[answer["id"]], answer)
        raise SandboxError("the sandbox server stopped before answering")

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self._process is not None and self._process.stdin is not None and self._process.stdout is not None
        return self._process.stdin, self._process.stdout

    def close(self) -> None:
        if self._process is not None:
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


def _wire(job: Job, job_plan: Plan) -> dict[str, Any]:
    """The job as the server reads it: examples marked SKIP are not sent (doctest does not run them)."""
    groups = [[asdict(spec) for spec in group] for group in job_plan.groups]
    return {**asdict(job), "groups": groups}


def _answer(line: str) -> dict[str, Any] | None:
    """One line of the server's answer when it has the protocol's shape, else None."""
    try:
        answer = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if type(answer) is not dict:
        return None
    if answer.get("done") is True:
        return answer
    shape = {"id": str, "lines": list, "tail": str, "overflow": bool, "timed_out": bool}
    if any(type(answer.get(key)) is not kind for key, kind in shape.items()):
        return None
    if not all(type(item) is str for item in answer["lines"]):
        return None
    ended = (type(answer.get("signal")) is str) != (type(answer.get("exit")) is int)
    return answer if ended else None


def _outcome(job_plan: Plan, answer: dict[str, Any]) -> Outcome:
    signal, exit_code, timed_out = answer.get("signal"), answer.get("exit"), answer["timed_out"]
    problem = None
    if answer["overflow"]:
        problem = "the report grew past the server's limit"
    elif answer["tail"] and not timed_out and signal is None and exit_code == 0:
        problem = "a last line cut off though the child ended cleanly"  # a killed child may be cut mid-line
    events, invalid = judge(job_plan, answer["lines"], problem)
    return Outcome(events, timed_out, signal, exit_code, invalid)
