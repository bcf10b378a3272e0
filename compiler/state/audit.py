"""The audit log (`aic-audit.jsonl` next to aic.lock, committed by users): one JSON line per event — a function
built by a model, a hand edit adopted, a hand edit the gate refused — each holding the previous entry's hash
and its own, so that changing, removing or reordering any byte breaks the chain at a line `aic audit verify`
names. Appends are serialised with a file lock and written with fsync. Replays (functions taken from the lock,
`--locked` builds) append nothing, so a replay leaves the log byte-identical.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aic.files import locked

AUDIT_NAME = "aic-audit.jsonl"
GENESIS = "0" * 64


class AuditError(Exception):
    """A log that does not verify; str() names the file and the first broken line."""


def entry_hash(entry: Mapping[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(root: Path, event: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Add one entry at the end of the project's log, chained to the last one."""
    path = root / AUDIT_NAME
    with locked(path) as handle:
        # The last entry is read, the new one chained to it and written, all under the log's lock.
        handle.seek(0)
        last = _last_entry(path, handle.read())
        entry: dict[str, Any] = {
            "seq": (int(last["seq"]) + 1) if last else 1,
            "prev": str(last["hash"]) if last else GENESIS,
            "at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "event": event,
            **fields,
        }
        entry["hash"] = entry_hash(entry)
        handle.seek(0, os.SEEK_END)
        handle.write((json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    return entry


def _last_entry(path: Path, raw: bytes) -> dict[str, Any] | None:
    """The entry a new one chains to; a log whose end does not read as an entry is not appended to (the
    chain would hide the damage), and says so in one line."""
    lines = raw.splitlines()
    if not lines:
        return None
    try:
        last = json.loads(lines[-1].decode("utf-8"))
        if isinstance(last, dict) and isinstance(last.get("seq"), int) and isinstance(last.get("hash"), str):
            return last
    except (UnicodeDecodeError, ValueError):
        pass
    raise AuditError(f"{path}:{len(lines)}: the last entry is damaged: run `aic audit verify`, nothing was appended")


def read(path: Path) -> list[dict[str, Any]]:
    """Every entry, checked: each line is JSON, numbered in order, holds its own hash and its predecessor's."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as err:
        raise AuditError(f"{path}: cannot read: {err}") from None
    entries: list[dict[str, Any]] = []
    previous = GENESIS
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line and number == raw.count(b"\n") + 1:
            break  # the text after the final newline
        try:
            entry = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise AuditError(f"{path}:{number}: entry {number} is not a JSON object: the log was altered") from None
        if not isinstance(entry, dict):
            raise AuditError(f"{path}:{number}: entry {number} is not a JSON object: the log was altered")
        if entry.get("seq") != number:
            raise AuditError(f"{path}:{number}: entry {number} is out of order or an entry before it was removed")
        if entry.get("prev") != previous:
            raise AuditError(f"{path}:{number}: entry {number} does not follow the entry before it")
        if entry.get("hash") != entry_hash(entry):
            raise AuditError(f"{path}:{number}: entry {number} was changed after it was written")
        previous = str(entry["hash"])
        entries.append(entry)
    if raw and not raw.endswith(b"\n"):
        raise AuditError(f"{path}:{len(entries)}: the log does not end with a complete entry")
    return entries
