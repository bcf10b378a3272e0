"""The audit log: build and adoption events chained by hash; any altered byte breaks `aic audit verify`."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from aic import backends
from aic.cli import main
from aic.state.audit import AUDIT_NAME, append, read
from tests.compiler.scripted import ScriptedBackend, fenced
from tests.compiler.test_build import CLAMP, DOUBLE


def built(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    backend = ScriptedBackend([fenced(DOUBLE), fenced(CLAMP)])
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    assert main(["build", str(project)]) == 0
    return project / AUDIT_NAME


def test_a_build_records_each_function_a_model_wrote_and_replays_add_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = built(project, monkeypatch)
    entries = read(log)
    assert [(e["event"], e["function"]) for e in entries] == [("built", "arith.double"), ("built", "arith.clamp")]
    assert entries[0]["backend"] == "scripted" and entries[0]["gates"]["examples"] == "passed"
    before = log.read_bytes()
    assert main(["build", str(project)]) == 0
    assert main(["build", str(project), "--locked"]) == 0
    assert log.read_bytes() == before
    capsys.readouterr()
    assert main(["audit", "show", "clamp", str(project)]) == 0
    assert "built" in capsys.readouterr().out


def test_verify_names_the_first_broken_entry(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = built(project, monkeypatch)
    append(project, "adopted", {"module": "arith", "functions": ["arith.double"]})
    good = log.read_bytes()
    assert main(["audit", "verify", str(project)]) == 0
    lines = good.split(b"\n")
    for position in (0, 5, len(lines[0]) + 20, len(good) // 2, len(good) - 3, len(good) - 1):
        flipped = bytearray(good)
        flipped[position] ^= 0x01
        log.write_bytes(bytes(flipped))
        capsys.readouterr()
        assert main(["audit", "verify", str(project)]) == 1, position
        assert "entry" in capsys.readouterr().err
    log.write_bytes(b"\n".join([lines[0], lines[2], b""]))  # the second entry removed
    assert main(["audit", "verify", str(project)]) == 1
    log.write_bytes(b"\n".join([lines[1], lines[0], lines[2], b""]))  # two entries swapped
    assert main(["audit", "verify", str(project)]) == 1
    assert ":1: entry 1" in capsys.readouterr().err


def _append_many(root: str) -> None:
    for number in range(15):
        append(Path(root), "test", {"n": number})


def test_concurrent_appends_keep_the_chain(tmp_path: Path) -> None:
    workers = [multiprocessing.Process(target=_append_many, args=(str(tmp_path),)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    entries = read(tmp_path / AUDIT_NAME)
    assert len(entries) == 45 and [e["seq"] for e in entries] == list(range(1, 46))
    assert all(json.dumps(e) for e in entries)
