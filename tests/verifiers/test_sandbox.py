"""The sandbox contains what examples do: secrets, network, writes, processes, hangs and memory."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aic.ir import parse_module
from aic.verifiers.budgets import Limits
from aic.verifiers.examples import run_examples
from aic.verifiers.sandbox import Sandbox

LIMITS = Limits(timeout_seconds=4.0, cpu_seconds=2, memory_mb=512)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as box:
        yield box


def check(sandbox: Sandbox, source: str, limits: Limits = LIMITS) -> list[tuple[int, str, str]]:
    module = parse_module("case.py", source)
    return [(d.span.line, d.code, d.message) for d in run_examples([module], limits, sandbox)]


def doc(*lines: str) -> str:
    body = "\n".join(f"    {line}" for line in lines)
    return f'def f() -> None:\n    """\n{body}\n    """\n'


def test_passing_and_failing_examples(sandbox: Sandbox) -> None:
    source = 'def sq(x: int) -> int:\n    """\n    >>> sq(3)\n    9\n    >>> sq(2)\n    5\n    """\n    return x * x\n'
    assert check(sandbox, source) == [(5, "AIC400", "example `sq(2)` expected '5', got '4'")]


def test_environment_holds_no_secrets(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIC_TEST_SECRET", "hunter2")
    found = check(sandbox, doc(">>> import os", ">>> 'hunter2' in str(os.environ)", "False"))
    assert found == []


def test_network_is_refused(sandbox: Sandbox) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    listener.settimeout(0.2)
    try:
        found = check(sandbox, doc(f">>> import socket; socket.create_connection(('127.0.0.1', {port}))"))
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody got through
    finally:
        listener.close()
    assert [code for _, code, _ in found] == ["AIC401"]


def test_writes_outside_scratch_are_refused(sandbox: Sandbox, tmp_path: Path) -> None:
    canary = tmp_path / "canary.txt"
    found = check(sandbox, doc(f">>> open({str(canary)!r}, 'w').write('x')", ">>> open('ok.txt', 'w').write('x')", "1"))
    assert not canary.exists()
    assert [(line, code) for line, code, _ in found] == [(3, "AIC401")]


def test_processes_are_refused(sandbox: Sandbox) -> None:
    found = check(sandbox, doc(">>> import os", ">>> os.system('true')", ">>> os.fork()"))
    assert [code for _, code, _ in found] == ["AIC401", "AIC401"]


def test_hang_is_killed_and_later_examples_still_run(sandbox: Sandbox) -> None:
    start = time.monotonic()
    found = check(sandbox, doc(">>> import time", ">>> time.sleep(60)", ">>> 1 + 1", "3"))
    assert time.monotonic() - start < 15
    assert [(line, code) for line, code, _ in found] == [(4, "AIC402"), (5, "AIC400")]


def test_busy_loop_hits_the_cpu_limit(sandbox: Sandbox) -> None:
    found = check(sandbox, doc(">>> while True: pass"))
    assert [code for _, code, _ in found] == ["AIC402"]


def test_memory_bomb_is_contained(sandbox: Sandbox) -> None:
    found = check(sandbox, doc(">>> x = bytearray(2 * 1024 ** 3)"))
    assert [code for _, code, _ in found] == ["AIC403"]


def test_exit_tricks_are_failures(sandbox: Sandbox) -> None:
    found = check(sandbox, doc(">>> import sys, os", ">>> sys.exit(0)", ">>> os._exit(0)"))
    assert [code for _, code, _ in found] == ["AIC401", "AIC405"]


def test_module_import_failure_is_located(sandbox: Sandbox) -> None:
    source = "x = 1\nraise RuntimeError('boom')\n" + doc(">>> f()")
    assert check(sandbox, source)[0][:2] == (2, "AIC406")


def test_sandbox_process_tree_is_gone_after_close() -> None:
    box = Sandbox()
    assert box._process is not None
    pid = box._process.pid
    box.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_doctest_rules_are_applied_by_aic(sandbox: Sandbox) -> None:
    found = check(
        sandbox,
        doc(
            ">>> list(range(20))  # doctest: +ELLIPSIS",
            "[0, 1, ..., 19]",
            ">>> 1 / 0",
            "Traceback (most recent call last):",
            "ZeroDivisionError: division by zero",
            ">>> int('x')  # doctest: +IGNORE_EXCEPTION_DETAIL",
            "Traceback (most recent call last):",
            "ValueError: something else",
            ">>> int('x')",
            "Traceback (most recent call last):",
            "TypeError: wrong",
            ">>> 1 + 1  # doctest: +SKIP",
            "3",
            ">>> print('a   b')  # doctest: +NORMALIZE_WHITESPACE",
            "a b",
        ),
    )
    assert [(line, code) for line, code, _ in found] == [(11, "AIC400")]  # only the wrong exception type
    assert "ValueError: invalid literal" in found[0][2]


def test_a_bad_directive_is_reported_not_run(sandbox: Sandbox) -> None:
    found = check(sandbox, doc(">>> 1  # doctest: +NO_SUCH_OPTION", "1"))
    assert [code for _, code, _ in found] == ["AIC404"]


def test_threads_sharing_one_sandbox_each_get_their_own_answers(sandbox: Sandbox) -> None:
    """A build's threads share one sandbox: requests interleaved on its pipes would read each other's reports."""
    from concurrent.futures import ThreadPoolExecutor

    def one(n: int) -> list[tuple[int, str, str]]:
        source = f'def f(x: int) -> int:\n    """\n    >>> f(1)\n    {n}\n    """\n    return x + 1\n'
        return check(sandbox, source)

    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(one, range(24)))
    for n, findings in enumerate(found):
        expected = [] if n == 2 else [(3, "AIC400", f"example `f(1)` expected '{n}', got '2'")]
        assert findings == expected


def test_the_project_modules_a_job_may_import_are_served_and_nothing_else(sandbox: Sandbox, tmp_path: Path) -> None:
    from aic.verifiers.project import project_modules

    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "models.py").write_text(
        "from dataclasses import dataclass\n\n@dataclass\nclass Item:\n    cents: int\n"
    )
    (tmp_path / "shop" / "secret.py").write_text("TOKEN = 'kept out'\n")
    project = project_modules(tmp_path, ["shop.models"])
    source = (
        'from shop.models import Item\n\ndef f(x: int) -> int:\n    """\n    >>> f(2)\n    2\n'
        "    >>> import shop.secret\n    >>> import shop.models\n    >>> open(shop.models.__file__).read()\n    ''\n"
        '    """\n    return Item(x).cents\n'
    )
    module = parse_module("case.py", source)
    found = [(d.span.line, d.code, d.message) for d in run_examples([module], LIMITS, sandbox, project)]
    assert [(line, code) for line, code, _ in found] == [(7, "AIC401"), (9, "AIC401")]
    assert "ModuleNotFoundError: No module named 'shop.secret'" in found[0][2]
    assert "FileNotFoundError" in found[1][2] or "PermissionError" in found[1][2]  # served from memory, not disk
    without = run_examples([module], LIMITS, sandbox)  # no project served: the module itself cannot import
    assert [(d.code, d.span.line) for d in without] == [("AIC406", 1)] and "shop" in without[0].message
