"""Workers: started ahead of their run and taken when a pass starts; kept warm across the checks of a build and
given back after each; a worker that fails is dropped, never given back, and its run gets a located AIC003,
never an internal error; a warm worker's verdicts are a fresh one's."""

from __future__ import annotations

from pathlib import Path

import pytest

from aic.verifiers import bandit_adapter, mypy_adapter
from aic.verifiers import workers as workers_module
from aic.verifiers.mypy_adapter import MypyOptions
from aic.verifiers.workers import Worker, WorkerError, Workers
from aic.verifiers.workspace import placed

ROOT = Path(__file__).resolve().parents[2]
# A worker of this test module: answers its first request, then dies without a word on its second.
FLAKY = "tests.verifiers.flaky_worker"
ECHO = "tests.verifiers.echo_worker"  # answers each request with itself


def test_a_spawned_worker_is_the_one_taken_and_every_worker_ends_with_the_pool() -> None:
    with Workers() as workers:
        workers.spawn(bandit_adapter.WORKER)
        workers.spawn(mypy_adapter.WORKER)
        taken = workers.take(bandit_adapter.WORKER)
        fresh = workers.take(bandit_adapter.WORKER)  # none left ahead: a new one
        assert fresh.process.pid != taken.process.pid
        workers.give(taken)
        assert workers.take(bandit_adapter.WORKER) is taken  # given back sound: the next taker gets it warm
        unused = workers.take(mypy_adapter.WORKER)
    for worker in (taken, fresh, unused):
        assert worker.process.poll() is not None  # taken or idle, the pool's end ends it


def test_bandit_through_a_spawned_worker_finds_what_bandit_finds(tmp_path: Path) -> None:
    texts = {str(tmp_path / "m.py"): "def run(text: str) -> object:\n    return eval(text)\n"}
    with Workers() as workers, placed(texts, texts) as placement:
        workers.spawn(bandit_adapter.WORKER)
        for _ in range(2):  # the second time through the same, warm worker
            found = bandit_adapter.finish_bandit(bandit_adapter.start_bandit(placement, workers))
            assert [(d.code, d.tool_code, d.span.line) for d in found] == [("AIC301", "B307", 2)]
        assert len(workers._all) == 1


MODULES = [
    "def f(x: int) -> int:\n    return x + 1\n",
    "def f(x: int) -> str:\n    return x\n",  # a type error
    "def f(x):\n    return x\n",  # untyped under --strict
    "import nosuchmodule\n\ndef f(x: int) -> int:\n    return x\n",
    "from typing import reveal_type\n\ndef f(x: list[int]) -> int:\n    return sum(x)\n",
    "def f(x: int) -> int:\n    while True:\n        pass\n    return 1\n",  # unreachable
]


def _mypy(tmp_path: Path, text: str, workers: Workers | None) -> list[tuple[str, int, str]]:
    texts = {str(tmp_path / "m.py"): text}
    with placed(texts, texts) as placement:
        run = mypy_adapter.start_mypy(placement, MypyOptions(str(tmp_path / "cache")), workers)
        return [(d.code, d.span.line, d.message) for d in mypy_adapter.finish_mypy(run)]


def test_a_warm_mypy_worker_finds_what_a_fresh_one_finds(tmp_path: Path) -> None:
    fresh = [_mypy(tmp_path, text, None) for text in MODULES]
    with Workers() as workers:
        warm = [_mypy(tmp_path, text, workers) for text in MODULES + MODULES]
        assert len(workers._all) == 1  # one worker answered all twelve
    assert warm == fresh + fresh
    assert [bool(found) for found in fresh] == [False, True, True, True, False, True]


def test_a_worker_that_dies_is_dropped_and_its_run_gets_a_located_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bandit_adapter, "WORKER", FLAKY)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # workers start with -P: the test's own workers are found this way
    texts = {str(tmp_path / "m.py"): "x = 1\n"}
    with Workers() as workers, placed(texts, texts) as placement:
        first = bandit_adapter.finish_bandit(bandit_adapter.start_bandit(placement, workers))
        assert first == []
        second = bandit_adapter.finish_bandit(bandit_adapter.start_bandit(placement, workers))
        assert [(d.code, d.span.file) for d in second] == [("AIC003", str(tmp_path / "m.py"))]
        assert "bandit failed: dying on request 2" in second[0].message
        assert workers._all == []  # dropped, not given back
        third = bandit_adapter.finish_bandit(bandit_adapter.start_bandit(placement, workers))
        assert third == []  # a fresh worker took the next request


def test_a_worker_that_cannot_start_is_a_located_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bandit_adapter, "WORKER", "aic.verifiers.no_such_worker")
    texts = {str(tmp_path / "m.py"): "x = 1\n"}
    with placed(texts, texts) as placement:
        found = bandit_adapter.run_bandit(placement)
    assert [(d.code, d.span.file) for d in found] == [("AIC003", str(tmp_path / "m.py"))]
    assert "bandit failed" in found[0].message and "No module named" in found[0].message


def test_a_worker_is_retired_after_its_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers_module, "MAX_USES", 2)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # workers start with -P: the test's own workers are found this way
    with Workers() as workers:
        worker = workers.take(ECHO)
        for n in range(2):
            worker.ask({"n": n})
            assert worker.answer() == {"n": n}
        workers.give(worker)
        assert worker.process.poll() is not None and workers._all == []


def test_a_worker_whose_stderr_floods_never_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """stderr goes to a file: 1 MB of chatter before the answer would fill a pipe nobody reads."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # workers start with -P: the test's own workers are found this way
    worker = Worker(ECHO)
    try:
        worker.ask({"chatter": 1_000_000})
        assert worker.answer() == {"chatter": 1_000_000}
        worker.ask({"garbage": True})
        with pytest.raises(WorkerError) as raised:
            worker.answer()
        assert str(raised.value) == "x" * workers_module.LAST_WORDS  # one short line, not the megabyte
        assert not worker.reusable
    finally:
        worker.close()


def test_a_worker_that_answers_outside_its_protocol_says_what_it_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    worker = Worker(ECHO)
    try:
        worker.ask({"garbage": True})
        with pytest.raises(WorkerError, match="answered 'not the protocol'"):
            worker.answer()
    finally:
        worker.close()


def test_a_blocking_mypy_error_leaves_the_worker_serving_the_next_check(tmp_path: Path) -> None:
    with Workers() as workers:
        assert _mypy(tmp_path, "from .. import helpers\n", workers)  # status 2: a blocking error
        assert _mypy(tmp_path, MODULES[1], workers) == _mypy(tmp_path, MODULES[1], None)  # not a broken pipe


def test_candidates_of_one_size_checked_in_one_second_get_their_own_verdicts(tmp_path: Path) -> None:
    """mypy trusts its cache on path, size and mtime: each placement gets an mtime of its own."""
    (tmp_path / "m.py").write_text("x = 1\n")
    good, bad = "def f(x: int) -> int:\n    return x\n", "def f(x: int) -> str:\n    return x\n"
    assert len(good) == len(bad)
    with Workers() as workers:
        for _ in range(3):
            texts = {str(tmp_path / "m.py"): good}
            with placed(texts, {}) as placement:
                run = mypy_adapter.start_mypy(placement, MypyOptions(str(tmp_path / "cache")), workers)
                assert mypy_adapter.finish_mypy(run) == []
            with placed({str(tmp_path / "m.py"): bad}, {}) as placement:
                run = mypy_adapter.start_mypy(placement, MypyOptions(str(tmp_path / "cache")), workers)
                assert [d.code for d in mypy_adapter.finish_mypy(run)] == ["AIC100"]
