"""aic.ir.store: lowered IR kept by its path and text; a changed file, a forged or broken entry and a folder that
cannot be written are misses, never wrong IR or an error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aic.ir import digest, parse_module
from aic.ir.store import IRStore

TEXT = 'def double(x: int) -> int:\n    """Twice x.\n\n    >>> double(2)\n    4\n    """\n    return x * 2\n'


def test_what_was_put_comes_back_the_same(tmp_path: Path) -> None:
    store = IRStore(tmp_path)
    module = parse_module("m.py", TEXT)
    assert store.get("m.py", TEXT) is None
    store.put(module)
    again = store.get("m.py", TEXT)
    assert again is not None and digest(again) == digest(module)
    assert store.get("other.py", TEXT) is None  # spans name the path: another path is another entry
    assert store.get("m.py", TEXT.replace("* 2", "* 3")) is None


def test_a_broken_or_forged_entry_is_a_miss(tmp_path: Path) -> None:
    store = IRStore(tmp_path)
    store.put(parse_module("m.py", TEXT))
    (entry,) = tmp_path.glob("*/*.json")
    entry.write_text("{")
    assert store.get("m.py", TEXT) is None
    # An entry holding another text's IR (say, one without the example) under this text's key is refused.
    other = parse_module("m.py", TEXT.replace("    >>> double(2)\n    4\n", ""))
    IRStore(tmp_path / "elsewhere").put(other)
    (forged,) = (tmp_path / "elsewhere").glob("*/*.json")
    entry.write_text(forged.read_text())
    assert store.get("m.py", TEXT) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through directory permissions")
def test_a_folder_that_cannot_be_written_costs_nothing_but_speed(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        IRStore(tmp_path / "ir").put(parse_module("m.py", TEXT))
        assert IRStore(tmp_path / "ir").get("m.py", TEXT) is None
    finally:
        tmp_path.chmod(0o700)


def test_a_file_in_the_way_of_the_folder_costs_nothing_but_speed(tmp_path: Path) -> None:
    (tmp_path / "ir").write_text("not a folder")
    IRStore(tmp_path / "ir").put(parse_module("m.py", TEXT))  # no error
    assert IRStore(tmp_path / "ir").get("m.py", TEXT) is None
