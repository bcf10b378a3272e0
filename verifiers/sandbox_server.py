"""The sandbox fork server. Runs as `python -I sandbox_server.py` with a stripped environment; stdlib only.

It reads one JSON request per line on stdin ({"jobs": [...], "limits": {...}, "parallel": N}) and answers with
one JSON line per job, then {"done": true}. Each job forks a child from this warm process: the child leaves the
network, takes resource limits, drops root, works in its own scratch directory, installs an audit hook that
refuses processes, sockets, native code and writes outside the scratch directory, then imports the module and
runs its examples with doctest's comparison (plus a same-value reading of literals, see sandbox_values). The
server kills a child's whole process group at its deadline.
"""

from __future__ import annotations

import contextlib
import doctest
import json
import os
import resource
import selectors
import shutil
import signal
import sys
import tempfile
import time
import traceback
import types
from typing import Any

from aic.verifiers.sandbox_honest import Checker, install
from aic.verifiers.sandbox_values import ValueChecker

NOBODY = 65534
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
_BLOCKED_EVENTS = frozenset(
    (
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
        "os.kill",
        "os.killpg",
        "pty.spawn",
        "socket.connect",
        "socket.bind",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "ctypes.dlopen",
        "ctypes.dlsym",
        "ctypes.cdata",
        "ctypes.call_function",
        "webbrowser.open",
    )
)
_WRITE_EVENTS = frozenset(
    (
        "os.remove",
        "os.rename",
        "os.rmdir",
        "os.mkdir",
        "os.chmod",
        "os.chown",
        "os.link",
        "os.symlink",
        "os.truncate",
        "os.utime",
        "shutil.rmtree",
        "shutil.move",
        "shutil.copyfile",
        "shutil.copytree",
    )
)
MAX_TEXT = 2000


def _emit(fd: int, **event: Any) -> None:
    data = (json.dumps(event) + "\n").encode()
    while data:
        data = data[os.write(fd, data) :]


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + f"... [{len(text) - MAX_TEXT} more characters]"


def _isolate(scratch: str, limits: dict[str, Any], imports: list[str]) -> list[str]:
    """Confine this (child) process; returns the isolation layers that took effect."""
    layers = []
    os.setsid()
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    prctl = libc.prctl  # resolved now: symbol lookups are refused once the audit hook is on
    if libc.unshare(CLONE_NEWNET) == 0:
        layers.append("netns")
    del libc
    mb = 1024 * 1024
    cpu = int(limits["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (int(limits["memory_mb"]) * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limits["file_size_mb"]) * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.chdir(scratch)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    window = [False]  # True only while this function calls prctl below; never again afterwards
    sys.addaudithook(_audit_hook(scratch, window))
    layers.append("audit")
    if os.getuid() == 0:
        # The interpreter may live where `nobody` cannot read (e.g. under /root): import what the module
        # names while still root (audit hook already on; user's directory not on sys.path), then drop root.
        _preimport(imports)
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        layers.append("uid")
    # RLIMIT_NPROC counts the user's processes; it only binds once we are not root.
    resource.setrlimit(resource.RLIMIT_NPROC, (int(limits["processes"]),) * 2)
    # Set after the uid change (which clears it): the child dies with the server, even while it sleeps.
    window[0] = True
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    window[0] = False
    del prctl
    if os.getppid() == 1:
        os._exit(75)
    return layers


def _preimport(names: list[str]) -> None:
    import importlib

    for name in names:
        if name and not name.startswith(".") and name not in sys.modules:
            with contextlib.suppress(BaseException):
                importlib.import_module(name)


def _audit_hook(scratch: str, window: list[bool]) -> Any:
    root = os.path.realpath(scratch)

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if window[0] and event == "ctypes.call_function":
            return
        if event in _BLOCKED_EVENTS:
            raise PermissionError(f"aic sandbox: {event} is not allowed")
        if event in _WRITE_EVENTS or (event == "open" and _writing(args)):
            target = args[0] if args else None
            if not isinstance(target, str | bytes) or not os.path.realpath(os.fsdecode(target)).startswith(root):
                raise PermissionError(f"aic sandbox: {event} outside the scratch directory is not allowed")

    return hook


def _writing(args: tuple[Any, ...]) -> bool:
    mode = args[1] if len(args) > 1 else None
    flags = args[2] if len(args) > 2 else 0
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC))


class _Runner(doctest.DocTestRunner):
    def __init__(self, fd: int, path: str, checker: Checker) -> None:
        super().__init__(checker=ValueChecker(), verbose=False, optionflags=0)
        self.fd, self.path, self.index, self.checker = fd, path, 0, checker
        self.indexes: dict[int, tuple[int, bool]] = {}  # id(example) -> (index, documents a returning function)

    def report_start(self, out: Any, test: Any, example: Any) -> None:
        # Called before every example: the server needs to know which one was running if the child dies.
        self.index, returns_value = self.indexes[id(example)]
        self.checker.start(example.want, returns_value)
        _emit(self.fd, event="start", index=self.index)

    def report_success(self, out: Any, test: Any, example: Any, got: str) -> None:
        problem = self.checker.printed_instead(got)
        if problem:  # the text matched, but not honestly (see sandbox_honest)
            _emit(self.fd, event="result", index=self.index, status="failed", got=_clip(f"{got.strip()} ({problem})"))
            return
        _emit(self.fd, event="result", index=self.index, status="passed")

    def report_failure(self, out: Any, test: Any, example: Any, got: str) -> None:
        _emit(self.fd, event="result", index=self.index, status="failed", got=_clip(got))

    def report_unexpected_exception(self, out: Any, test: Any, example: Any, exc_info: Any) -> None:
        kind, value, tb = exc_info
        line = _faulty_line(tb, self.path)
        detail = _clip("".join(traceback.format_exception_only(kind, value)).strip())
        _emit(
            self.fd,
            event="result",
            index=self.index,
            status="raised",
            exception=kind.__name__,
            detail=detail,
            line=line,
        )


def _faulty_line(tb: Any, path: str) -> int | None:
    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == path:
            line = lineno
    return line


def _child(fd: int, job: dict[str, Any], scratch: str, limits: dict[str, Any]) -> None:
    layers = _isolate(scratch, limits, job["imports"])
    _emit(fd, event="isolated", layers=layers)
    path, name = job["path"], job["module"]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    module = types.ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    try:
        exec(compile(job["source"], path, "exec", dont_inherit=True), module.__dict__)
    except BaseException as err:  # the module's own code failed; anything it raises is a finding
        detail = _clip("".join(traceback.format_exception_only(type(err), err)).strip())
        _emit(
            fd,
            event="import_error",
            exception=type(err).__name__,
            detail=detail,
            line=_faulty_line(err.__traceback__, path),
        )
        return
    checker = install(module.__dict__)
    runner = _Runner(fd, path, checker)
    parser = doctest.DocTestParser()
    for group in job["groups"]:
        examples = []
        for item in group:
            options = parser._find_options(  # type: ignore[attr-defined]  # doctest's directive reader
                item["source"], path, item["line"]
            )
            # As DocTestParser does: an expected traceback compares by its exception line only.
            match = parser._EXCEPTION_RE.match(item["want"])  # type: ignore[attr-defined]
            exc_msg = match.group("msg") if match else None
            source = checker.rewrite(item["source"])
            example = doctest.Example(source, item["want"], exc_msg=exc_msg, lineno=item["line"], options=options)
            runner.indexes[id(example)] = (item["index"], bool(item.get("returns_value")))
            examples.append(example)
        # Like doctest: one namespace per docstring (a copy of the module's), shared by its examples.
        runner.run(doctest.DocTest(examples, module.__dict__, name, path, 0, None), clear_globs=False)
    _emit(fd, event="done")


def _spawn(job: dict[str, Any], limits: dict[str, Any], root: str) -> tuple[int, int, str]:
    scratch = tempfile.mkdtemp(prefix="job-", dir=root)
    if os.getuid() == 0:
        os.chown(scratch, NOBODY, NOBODY)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into the server loop
        os.close(read_fd)
        code = 0
        try:
            _child(write_fd, job, scratch, limits)
        except BaseException as err:
            _emit(write_fd, event="internal", detail=_clip(f"{type(err).__name__}: {err}"))
            code = 70
        os._exit(code)
    os.close(write_fd)
    return pid, read_fd, scratch


def _finish(pid: int, timed_out: bool) -> dict[str, Any]:
    if timed_out:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)  # anything the child left behind in its group
    if os.WIFSIGNALED(status):
        return {"signal": signal.Signals(os.WTERMSIG(status)).name}
    return {"exit": os.WEXITSTATUS(status)}


def _serve(request: dict[str, Any]) -> None:
    limits, jobs = request["limits"], list(request["jobs"])
    parallel = max(1, int(request.get("parallel", 1)))
    root = tempfile.mkdtemp(prefix="aic-sandbox-")
    os.chmod(root, 0o711)
    selector = selectors.DefaultSelector()
    running: dict[int, dict[str, Any]] = {}
    try:
        while jobs or running:
            while jobs and len(running) < parallel:
                job = jobs.pop(0)
                pid, fd, scratch = _spawn(job, limits, root)
                running[fd] = {
                    "id": job["id"],
                    "pid": pid,
                    "scratch": scratch,
                    "buffer": b"",
                    "deadline": time.monotonic() + float(limits["timeout_seconds"]),
                }
                selector.register(fd, selectors.EVENT_READ)
            now = time.monotonic()
            wait = max(0.0, min(state["deadline"] for state in running.values()) - now)
            for key, _ in selector.select(timeout=wait):
                state = running[key.fd]
                chunk = os.read(key.fd, 65536)
                if chunk:
                    state["buffer"] += chunk
                    continue
                _report(selector, running, key.fd, timed_out=False)
            now = time.monotonic()
            for fd in [fd for fd, state in running.items() if state["deadline"] <= now]:
                _report(selector, running, fd, timed_out=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _report(selector: selectors.BaseSelector, running: dict[int, dict[str, Any]], fd: int, timed_out: bool) -> None:
    state = running.pop(fd)
    selector.unregister(fd)
    os.close(fd)
    status = _finish(state["pid"], timed_out)
    events = []
    for line in state["buffer"].decode("utf-8", "replace").splitlines():
        with contextlib.suppress(ValueError):  # a line cut off when the child was killed
            events.append(json.loads(line))
    shutil.rmtree(state["scratch"], ignore_errors=True)
    answer = {"id": state["id"], "events": events, "timed_out": timed_out, **status}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


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


def main() -> None:
    for name in _WARM:
        __import__(name)
    sys.dont_write_bytecode = True  # -I ignores PYTHONDONTWRITEBYTECODE; children must not write .pyc files
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the client decides when the server ends
    for line in sys.stdin:
        if line.strip():
            _serve(json.loads(line))
            sys.stdout.write('{"done": true}\n')
            sys.stdout.flush()


if __name__ == "__main__":
    main()
