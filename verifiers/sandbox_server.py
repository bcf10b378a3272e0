"""The sandbox fork server: `python -I sandbox_server.py [--isolated | --probe]`, stdlib only.

It reads one JSON request per line on stdin ({"jobs": [...], "limits": {...}, "parallel": N}) and answers with
one JSON line per job, then {"done": true}. Each job forks a child from this warm process, confined as
sandbox_confine.py describes (--isolated: under bubblewrap, the job in its own namespaces); the child runs the
job (sandbox_child.py) and reports on a pipe. The server does not read the report: it passes its lines on
as they came ({"id", "lines", "tail", "overflow", "timed_out", "signal" | "exit"}), and aic's process checks
them. The server kills a job's whole process group at its deadline, or when its report grows past MAX_REPORT.
`--probe` confines one empty job and exits 0 when that worked (aic's probe of the isolation, see isolation.py).

aic starts a copy of this file and its three siblings from a private folder, so the sandbox sees none of aic's
tree; imported as aic.verifiers.sandbox_server (type checks, tests) it uses the package's modules.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import shutil
import signal
import sys
import tempfile
import time
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
if __package__:
    from aic.verifiers import sandbox_child as child
    from aic.verifiers import sandbox_confine as confine
    from aic.verifiers.sandbox_honest import install
else:  # the copy: its siblings sit next to it
    sys.path.insert(0, HERE)
    import sandbox_child as child  # type: ignore[import-not-found, no-redef]
    import sandbox_confine as confine  # type: ignore[import-not-found, no-redef]
    from sandbox_honest import install  # type: ignore[import-not-found, no-redef]

OWN_MODULES = ("sandbox_child", "sandbox_confine", "sandbox_honest")
MAX_REPORT = 64 * 1024 * 1024  # bytes of one job's report; past this the job is killed and its report refused
EXIT_INTERNAL = 70
PROBE_LIMITS = {"timeout_seconds": 10.0, "cpu_seconds": 5, "memory_mb": 1024, "file_size_mb": 16, "processes": 64}


class Server:
    def __init__(self, isolated: bool) -> None:
        self.isolated = isolated
        self.libc = confine.Libc()

    def spawn(self, job: dict[str, Any], limits: dict[str, Any], scratch: str) -> tuple[int, int]:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns into the server loop
            os.close(read_fd)
            code = EXIT_INTERNAL
            try:
                code = self._child(write_fd, job, limits, scratch)
            except BaseException as err:
                with contextlib.suppress(BaseException):
                    child.make_emitter(write_fd)(event="internal", detail=child.clip(f"{type(err).__name__}: {err}"))
            os._exit(code)
        os.close(write_fd)
        return pid, read_fd

    def _child(self, fd: int, job: dict[str, Any], limits: dict[str, Any], scratch: str) -> int:
        if not self.isolated:
            return _run(fd, job, confine.confine_waived(self.libc, scratch, limits, job["imports"], fd))

        def in_namespaces(alive: int) -> int:
            return _run(fd, job, confine.confine_isolated(self.libc, limits, job["imports"], fd, alive))

        return int(confine.supervise(self.libc, fd, in_namespaces, int(limits["cpu_seconds"])))

    def serve(self, request: dict[str, Any]) -> None:
        limits, jobs = request["limits"], list(request["jobs"])
        for job in jobs:  # the project's modules the jobs may import: one list, shared (see sandbox_child)
            job["project"] = request.get("project", [])
        parallel = max(1, int(request.get("parallel", 1)))
        root = tempfile.mkdtemp(prefix="aic-sandbox-")
        os.chmod(root, 0o711)
        selector = selectors.DefaultSelector()
        running: dict[int, dict[str, Any]] = {}
        try:
            while jobs or running:
                while jobs and len(running) < parallel:
                    job = jobs.pop(0)
                    running_job = self._start(job, limits, root)
                    running[running_job["fd"]] = running_job
                    selector.register(running_job["fd"], selectors.EVENT_READ)
                wait = max(0.0, min(state["deadline"] for state in running.values()) - time.monotonic())
                for key, _ in selector.select(timeout=wait):
                    state = running[key.fd]
                    chunk = os.read(key.fd, 65536)
                    state["buffer"] += chunk
                    if len(state["buffer"]) > MAX_REPORT:
                        state["overflow"] = True
                        _report(selector, running, key.fd, kill=True)
                    elif not chunk:
                        _report(selector, running, key.fd, kill=False)
                now = time.monotonic()
                for fd in [fd for fd, state in running.items() if state["deadline"] <= now]:
                    running[fd]["timed_out"] = True
                    _report(selector, running, fd, kill=True)
        finally:
            shutil.rmtree(root, ignore_errors=True)

    def _start(self, job: dict[str, Any], limits: dict[str, Any], root: str) -> dict[str, Any]:
        scratch = ""
        if not self.isolated:  # the isolated mode mounts a tmpfs per job instead
            scratch = tempfile.mkdtemp(prefix="job-", dir=root)
            if os.getuid() == 0:
                os.chown(scratch, confine.NOBODY, confine.NOBODY)
        pid, fd = self.spawn(job, limits, scratch)
        deadline = time.monotonic() + float(limits["timeout_seconds"])
        return {"id": job["id"], "pid": pid, "fd": fd, "scratch": scratch, "buffer": bytearray(), "deadline": deadline,
                "timed_out": False, "overflow": False}  # fmt: skip


def _run(fd: int, job: dict[str, Any], layers: list[str]) -> int:
    """The job itself, once confined: the module imported, then its examples."""
    emit = child.make_emitter(fd)
    emit(event="isolated", layers=layers)
    for name in OWN_MODULES:  # code under check finds none of the runner's modules by importing them
        sys.modules.pop(name, None)
    with contextlib.suppress(ValueError):
        sys.path.remove(HERE)
    child.serve_project(job.get("project", []))
    module = child.import_module(emit, job)
    if module is not None:
        child.run_examples(emit, module, job, install(module.__dict__))
    return 0


def _finish(pid: int, kill: bool) -> dict[str, Any]:
    if kill:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)  # anything the child left behind in its group
    if os.WIFSIGNALED(status):
        return {"signal": signal.Signals(os.WTERMSIG(status)).name}
    return {"exit": os.WEXITSTATUS(status)}


def _report(selector: selectors.BaseSelector, running: dict[int, dict[str, Any]], fd: int, kill: bool) -> None:
    state = running.pop(fd)
    selector.unregister(fd)
    os.close(fd)
    status = _finish(state["pid"], kill)
    if state["scratch"]:
        shutil.rmtree(state["scratch"], ignore_errors=True)
    *lines, tail = bytes(state["buffer"]).split(b"\n")
    answer = {
        "id": state["id"],
        "lines": [line.decode("utf-8", "replace") for line in lines],
        "tail": tail.decode("utf-8", "replace"),
        "overflow": state["overflow"],
        "timed_out": state["timed_out"],
        **status,
    }
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


def probe() -> int:
    """One empty job, confined as every job is: 0 when it reported and ended cleanly, else 1 (why on stderr)."""
    server = Server(isolated=True)
    job = {"id": "probe", "path": "probe.py", "module": "aic_probe", "source": "", "groups": [], "imports": []}
    pid, fd = server.spawn(job, PROBE_LIMITS, "")
    data = b""
    while chunk := os.read(fd, 65536):
        data += chunk
    os.close(fd)
    status = _finish(pid, kill=False)
    events = [json.loads(line) for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    if status == {"exit": 0} and [e.get("event") for e in events] == ["isolated", "done"]:
        return 0
    details = [str(e.get("detail")) for e in events if e.get("event") == "internal"]
    sys.stderr.write((details[-1] if details else f"the probe job ended with {status}") + "\n")
    return 1


# Warm the server with the standard modules generated code reaches for; children inherit them for free.
_WARM = (
    "typing",
    "collections",
    "itertools",
    "functools",
    "math",
    "re",
    "string",
    "heapq",
    "bisect",
    "fractions",
    "decimal",
    "statistics",
    "random",
    "hashlib",
    "json",
    "datetime",
    "dataclasses",
    "enum",
    "operator",
    "copy",
    "textwrap",
    "unicodedata",
    "array",
    "struct",
    "numbers",
    "cmath",
    "calendar",
    "contextlib",
    "abc",
    "io",
    "collections.abc",
    "ctypes",
    "importlib",
    "pprint",
    "difflib",
    "base64",
    "binascii",
    "zlib",
)


def main(argv: list[str]) -> int:
    if "--probe" in argv:
        return probe()
    server = Server(isolated="--isolated" in argv)
    for name in _WARM:
        __import__(name)
    sys.dont_write_bytecode = True  # -I ignores PYTHONDONTWRITEBYTECODE; children must not write .pyc files
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the client decides when the server ends
    for line in sys.stdin:
        if line.strip():
            server.serve(json.loads(line))
            sys.stdout.write('{"done": true}\n')
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
