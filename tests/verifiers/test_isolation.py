"""OS isolation of the sandbox (verifiers/isolation.py, sandbox_confine.py) and verdicts decided by aic
(sandbox_verdict.py), with the static policy out of the way: modules go to the sandbox directly.

Where the audit hook would stop an attempt, the module also makes it from a fresh interpreter it starts
through _posixsubprocess.fork_exec (no audit event in 3.11, and the new interpreter has no hook): what still
fails there is stopped by the OS layer — bubblewrap's read-only view and the job's own namespaces.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from aic.config import build_config
from aic.generate.records import waivers
from aic.ir import Module, parse_module
from aic.verifiers import isolation as os_isolation
from aic.verifiers.budgets import Limits
from aic.verifiers.examples import run_examples
from aic.verifiers.sandbox import ExampleSpec, Job, Sandbox
from aic.verifiers.sandbox_verdict import judge, plan

LIMITS = Limits(timeout_seconds=10.0, cpu_seconds=5, memory_mb=512)
AIC = Path(sys.executable).with_name("aic")

# Helpers every module below starts with. `outside(code)` runs code in a fresh interpreter, in a new session;
# `attempt(action)` runs it here. Both say how it ended: "done", "hook" (the audit hook refused it) or the
# errno's name (EROFS: the read-only view refused it).
HELPERS = """
import errno
import os
import sys
import _posixsubprocess


def spawn(code, *argv):
    read, write = os.pipe()
    pid = _posixsubprocess.fork_exec(
        [sys.executable, "-I", "-c", code, *argv], [os.fsencode(sys.executable)], True, (), None, None,
        -1, -1, -1, -1, -1, -1, read, write, True, True, -1, None, None, None, -1, None, False)
    os.close(write)
    return pid


def outside(code):
    pid = spawn(f"import os, socket\\ntry:\\n    {code}\\nexcept OSError as e:\\n    raise SystemExit(e.errno)")
    status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    return errno.errorcode.get(status, "done" if status == 0 else str(status))


def attempt(action):
    try:
        action()
    except OSError as e:
        return errno.errorcode.get(e.errno, "hook")
    return "done"
"""


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as box:
        assert box.isolated, box.unavailable
        yield box


def check(sandbox: Sandbox, body: str, *examples: str, module: str = "") -> list[tuple[str, str]]:
    lines = "\n".join(f"    {line}" for line in examples)
    source = f'{HELPERS}\n{module}\n\ndef case() -> None:\n    r"""\n{lines}\n    """\n'
    found = run_examples([parse_module("case.py", source.replace("BODY", body))], LIMITS, sandbox)
    return [(d.code, d.message) for d in found]


def test_writes_outside_the_scratch_directory_fail(sandbox: Sandbox) -> None:
    canary = os.path.join(sys.prefix, f"aic-canary-{uuid.uuid4().hex}")  # in the view, read-only
    c, folder = repr(canary), repr(sys.prefix)
    opened = f"os.open('x', os.O_CREAT | os.O_WRONLY, dir_fd=os.open({folder}, os.O_RDONLY))"
    found = check(
        sandbox, "",
        ">>> open('mine.txt', 'w').write('x')", "1",  # the scratch directory is writable
        f">>> attempt(lambda: open({c}, 'w'))", "'hook'",
        f">>> attempt(lambda: os.mknod({c}))", "'EROFS'",  # no audit event: the read-only view stops it
        f">>> attempt(lambda: os.mkfifo({c}))", "'EROFS'",
        f">>> attempt(lambda: os.link('mine.txt', {c}))", "'hook'",
        f">>> attempt(lambda: os.rename('mine.txt', {c}))", "'hook'",  # the target outside
        f">>> attempt(lambda: os.replace('mine.txt', {c}))", "'hook'",
        f">>> attempt(lambda: {opened})", "'hook'",  # a relative name under a dir_fd outside
        f">>> outside({f'open({c}, {chr(34)}w{chr(34)})'!r})", "'EROFS'",  # no audit hook in there
        f">>> outside({f'os.mknod({c})'!r})", "'EROFS'",
        f">>> outside({f'os.link({chr(34)}mine.txt{chr(34)}, {c})'!r})", "'EROFS'",
        f">>> outside({opened!r})", "'EROFS'",
    )  # fmt: skip
    assert found == []
    assert not os.path.exists(canary)


def test_reads_outside_the_view_fail(sandbox: Sandbox, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cret-not-for-the-sandbox\n")
    found = check(sandbox, "", f">>> print(open({str(secret)!r}).read())", ">>> print(open('/etc/passwd').read())")
    assert [code for code, _ in found] == ["AIC401", "AIC401"]
    assert all("FileNotFoundError" in message for _, message in found)
    assert "s3cret" not in str(found) and "root:" not in str(found)


def _processes_with(marker: str) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if marker.encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                    pids.append(int(entry))
            except OSError:
                continue
    return pids


def test_a_process_in_a_new_session_dies_with_the_job(sandbox: Sandbox) -> None:
    marker = f"aic-marker-{uuid.uuid4().hex}"
    seen: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set() and not seen:
            seen.extend(_processes_with(marker))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        found = check(sandbox, "", f">>> spawn('import time; time.sleep(300)', {marker!r}) > 0", "True",
                      ">>> import time; time.sleep(1.5)")  # fmt: skip
    finally:
        done.set()
        watcher.join()
    assert found == []
    assert seen, "the job's process never started: the test proves nothing"
    assert _processes_with(marker) == []


def test_no_network(sandbox: Sandbox) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.3)
    port = listener.getsockname()[1]
    try:
        connect = f"__import__('socket').create_connection(('127.0.0.1', {port}), timeout=2)"
        found = check(sandbox, "", f">>> outside({connect!r})", "'ENETUNREACH'", f">>> {connect}")
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody got through
    finally:
        listener.close()
    assert [code for code, _ in found] == ["AIC401"]  # in-process, the audit hook refuses it as well


FORGE = """
def forge(line):
    for fd in range(3, 21):
        try:
            os.write(fd, line)
        except OSError:
            pass


def f():
    BODY
    return 5
"""
FAKE_RESULT = (
    b'{"event": "result", "index": 0, "output": "4\\n", "truncated": false, "exception": null, '
    b'"exc_msg": null, "line": null, "honesty": null}\n'
)


@pytest.mark.parametrize(
    "body",
    [
        f"forge({FAKE_RESULT!r})",  # a result for the example running, then the real one
        f'forge(b\'{{"event": "start", "index": 0}}\\n\' + {FAKE_RESULT!r})',
        "forge(b'\\x00\\xff garbage\\n')",
        "forge(b'[1, 2]\\n')",
        'forge(b\'{"event": "start", "index": "0"}\\n\')',
        'forge(b\'{"event": "done"}\\n\')',
    ],
    ids=["fake-result", "fake-start-and-result", "garbage", "json-list", "wrong-typed-index", "early-done"],
)
def test_forged_and_malformed_events_fail_the_example(sandbox: Sandbox, body: str) -> None:
    found = check(sandbox, body, ">>> f()", "4", ">>> 1 + 1", "2", module=FORGE)
    assert [code for code, _ in found] == ["AIC409"], found
    assert "not believed" in found[0][1]


def test_the_report_is_read_strictly() -> None:
    job = plan(Job("1", "m.py", "m", "", ((ExampleSpec(0, "f()\n", "4\n", 3),),)))
    fake = FAKE_RESULT.decode().strip()
    for lines in (
        [fake],  # a result with no isolated event and no start
        ['{"event": "isolated", "layers": []}', fake],
        ['{"event": "isolated", "layers": []}', '{"event": "start", "index": 0}', fake, fake],  # duplicate
        ['{"event": "isolated", "layers": []}', '{"event": "start", "index": 0}', fake, '{"event": "done"}', "{}"],
        ['{"event": "isolated", "layers": []}', '{"event": "start", "index": true}'],  # a bool is no index
        ['{"event": "isolated", "layers": []}', '{"event": "start", "index": 0, "extra": 1}'],
        ['{"event": "isolated", "layers": []}', "[" * 100_000],
    ):
        events, invalid = judge(job, lines, None)
        assert invalid is None and events[-1]["status"] == "invalid", lines
    good = ['{"event": "isolated", "layers": []}', '{"event": "start", "index": 0}', fake, '{"event": "done"}']
    assert [e.get("status") for e in judge(job, good, None)[0]] == [None, "passed", None]
    assert judge(job, good, "a last line cut off")[0][-1]["status"] == "invalid"


def test_unittest_mock_any_is_not_believed(sandbox: Sandbox) -> None:
    module = "from unittest import mock\n\n\ndef f(x):\n    return mock.ANY\n"
    found = check(sandbox, "", ">>> f(1) == 3", "True", ">>> f(1) != 3", "False", ">>> [f(1)] == [3]", "True",
                  module=module)  # fmt: skip
    assert [code for code, _ in found] == ["AIC400", "AIC400", "AIC400"]


def test_the_waived_sandbox_still_judges_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIC_BWRAP", "/nonexistent/bwrap")
    with Sandbox() as required:
        assert required.unavailable and "bwrap not found at /nonexistent/bwrap" in required.unavailable
        assert [d.code for d in run_examples([_square()], LIMITS, required)] == ["AIC410"]
    with Sandbox(isolation="waived") as waived:
        assert not waived.isolated and waived.unavailable is None
        assert [(d.code, d.span.line) for d in run_examples([_square()], LIMITS, waived)] == [("AIC400", 5)]


def _square() -> Module:
    source = 'def sq(x: int) -> int:\n    """\n    >>> sq(3)\n    9\n    >>> sq(2)\n    5\n    """\n    return x * x\n'
    return parse_module("sq.py", source)


SQUARE = 'def sq(x: int) -> int:\n    """Square.\n\n    >>> sq(3)\n    9\n    """\n    return x * x\n'


def _aic(*args: str, cwd: Path, bwrap: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if bwrap is not None:
        env["AIC_BWRAP"] = bwrap
    return subprocess.run([str(AIC), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300, check=False)


def test_without_bwrap_check_fails_closed_unless_waived(tmp_path: Path) -> None:
    (tmp_path / "sq.py").write_text(SQUARE)
    (tmp_path / "pyproject.toml").write_text("[tool.aic]\n")
    refused = _aic("check", "--gates", "syntax,examples", "sq.py", cwd=tmp_path, bwrap="/nonexistent")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "AIC410" in refused.stdout and "examples not run: OS isolation unavailable" in refused.stdout
    assert 'set [tool.aic] isolation = "waived"' in refused.stdout
    (tmp_path / "pyproject.toml").write_text('[tool.aic]\nisolation = "waived"\n')
    waived = _aic("check", "--gates", "syntax,examples", "sq.py", cwd=tmp_path, bwrap="/nonexistent")
    assert waived.returncode == 0, waived.stdout + waived.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.aic]\nisolation = "off"\n')
    bad = _aic("check", "sq.py", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "[tool.aic] isolation" in bad.stderr and "pyproject.toml" in bad.stderr


def test_the_waiver_is_recorded() -> None:
    assert waivers(build_config({"isolation": "waived"}, None))[1] == ("isolation",)
    assert waivers(build_config({}, None))[1] == ()


def test_scratch_never_covers_the_interpreter() -> None:
    # A CI clone keeps its venv under /tmp: scratch is aic's own path, and a prefix under it fails closed.
    assert os_isolation.SCRATCH != "/tmp"
    assert os_isolation.overlap(os_isolation.view()) is None
    under = f"{os_isolation.SCRATCH}/venv"
    assert os_isolation.overlap(["--ro-bind", under, under]) is not None
    assert os_isolation.overlap(["--ro-bind", "/", "/"]) is not None
    assert os_isolation.overlap(["--ro-bind", "/tmp/clone/.venv", "/tmp/clone/.venv"]) is None
