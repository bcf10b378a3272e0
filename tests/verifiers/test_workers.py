"""Workers started ahead of their run: taken when a pass starts, killed when the run ends unused; a worker that
answers nothing readable is a located AIC003, never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

from aic.verifiers import bandit_adapter
from aic.verifiers.workers import Workers
from aic.verifiers.workspace import placed


def test_a_spawned_worker_is_the_one_taken_and_an_unused_one_dies_with_the_run() -> None:
    with Workers() as workers:
        workers.spawn("aic.verifiers.bandit_worker")
        workers.spawn("aic.verifiers.mypy_worker")
        taken = workers.take("aic.verifiers.bandit_worker")
        unused = workers._ready["aic.verifiers.mypy_worker"][0]
        fresh = workers.take("aic.verifiers.bandit_worker")  # none left ahead: a new one
        assert fresh.pid != taken.pid
    assert unused.poll() is not None  # killed at the end of the run
    for process in (taken, fresh):
        assert process.poll() is None  # the taker owns these
        process.kill()
        process.communicate()


def test_bandit_through_a_spawned_worker_finds_what_bandit_finds(tmp_path: Path) -> None:
    texts = {str(tmp_path / "m.py"): "def run(text: str) -> object:\n    return eval(text)\n"}
    with Workers() as workers, placed(texts, texts) as placement:
        workers.spawn(bandit_adapter.WORKER)
        found = bandit_adapter.finish_bandit(bandit_adapter.start_bandit(placement, workers))
    assert [(d.code, d.tool_code, d.span.line) for d in found] == [("AIC301", "B307", 2)]


def test_a_worker_that_answers_nothing_readable_is_a_located_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bandit_adapter, "WORKER", "aic.verifiers.no_such_worker")
    texts = {str(tmp_path / "m.py"): "x = 1\n"}
    with placed(texts, texts) as placement:
        found = bandit_adapter.run_bandit(placement)
    assert [(d.code, d.span.file) for d in found] == [("AIC003", str(tmp_path / "m.py"))]
    assert "bandit failed" in found[0].message
