"""Weights assembly from chunk packages: verified, atomic, done once, redone when the file is damaged."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from aic.backends import BackendError
from aic.backends.weights import WeightsSpec, ensure_weights


def fake_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parts: list[bytes]) -> WeightsSpec:
    site = tmp_path / "site"
    for number, data in enumerate(parts, start=1):
        package = site / f"fakeweights_part{number}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "data" / f"part{number:02d}.bin").write_bytes(data)
    monkeypatch.syspath_prepend(str(site))
    whole = b"".join(parts)
    return WeightsSpec(
        "fake", "fakeweights_part", len(parts), len(whole), hashlib.sha256(whole).hexdigest(), "fakeweights-part", "1.0"
    )


def test_assembles_once_and_verifies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = fake_chunks(tmp_path, monkeypatch, [b"abc" * 1000, b"def" * 500, b"g"])
    target = ensure_weights(spec, tmp_path / "cache")
    assert target.read_bytes() == b"abc" * 1000 + b"def" * 500 + b"g"
    mtime = target.stat().st_mtime_ns
    assert ensure_weights(spec, tmp_path / "cache") == target
    assert target.stat().st_mtime_ns == mtime  # not assembled again
    assert not list((tmp_path / "cache").glob("*.part"))


def test_truncated_or_altered_file_is_assembled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = fake_chunks(tmp_path, monkeypatch, [b"x" * 4096, b"y" * 4096])
    target = ensure_weights(spec, tmp_path / "cache")
    with open(target, "r+b") as handle:
        handle.truncate(100)
    assert ensure_weights(spec, tmp_path / "cache").read_bytes() == b"x" * 4096 + b"y" * 4096
    target.write_bytes(b"z" * 8192)  # same size, other bytes: the sidecar no longer matches
    assert ensure_weights(spec, tmp_path / "cache").read_bytes() == b"x" * 4096 + b"y" * 4096


def test_wrong_chunks_and_missing_packages_are_clear_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = fake_chunks(tmp_path, monkeypatch, [b"a", b"b"])
    bad = WeightsSpec(spec.name, spec.package, spec.parts, spec.size, "0" * 64, spec.pip_name, spec.version)
    with pytest.raises(BackendError, match="do not add up"):
        ensure_weights(bad, tmp_path / "cache")
    assert not (tmp_path / "cache" / "fake.gguf").exists()
    missing = WeightsSpec("m", "no_such_weights_part", 2, 2, "0" * 64, "no-such-weights-part", "1")
    with pytest.raises(BackendError, match="make setup-model"):
        ensure_weights(missing, tmp_path / "cache")
    sys.modules.pop("fakeweights_part1", None)
