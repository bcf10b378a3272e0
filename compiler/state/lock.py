"""`aic.lock`: the record of a build, committed by users, from which `aic build --locked` replays every module
byte for byte with no model call.

JSON, keys sorted, two-space indent, code stored as a list of lines so that a review diff reads like code.
Per function: the intent's IR digest, who wrote the code (backend, model, weights digest, prompt digest,
sampling), the accepted code and its digest, the gate tools' versions and verdicts, repairs, calls, tokens and
cost. Per module: where the intent is and the digests of what was emitted. Nothing in it depends on the clock,
so rebuilding the same inputs rewrites the same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aic.files import write_atomically
from aic.ir import Function
from aic.ir.canonical import to_data

if TYPE_CHECKING:
    from aic.generate.intents import IntentModule

LOCK_NAME = "aic.lock"
VERDICTS = ("verified", "not-generated")
SCHEMA = 1


class LockError(Exception):
    """A lock aic cannot use; str() is one line naming the file and, where known, the place."""


@dataclass(frozen=True, slots=True)
class Sampling:
    temperature: float
    seed: int
    max_tokens: int


@dataclass(frozen=True, slots=True)
class Evidence:
    """How strongly the emitted code is supported beyond the gates' verdicts: the intent's examples run, the
    probe inputs its accepted candidates were run on (count and digest of the calls), candidates asked for and
    accepted, and the sizes of the groups of accepted candidates that behave alike, the emitted one's first.
    None on an entry written before aic recorded evidence, on a stub and on code a human adopted."""

    examples: int = 0
    contracts: int = 0
    probes: int = 0
    probes_digest: str = ""
    asked: int = 0
    accepted: int = 0
    groups: tuple[int, ...] = ()

    @property
    def agreeing(self) -> int:
        return self.groups[0] if self.groups else 0

    @property
    def unchecked(self) -> bool:
        """No example and no contract: nothing checks what the function does (AIC411)."""
        return not self.examples and not self.contracts

    @property
    def weakness(self) -> str:
        """ "disputed": accepted candidates behave differently on some probe input (AIC412); "unconfirmed": one
        accepted candidate, after others were asked and refused, so none confirms it (AIC413); else "". In live runs
        17-50 % of such functions were wrong, against 8-14 % of the rest (README, Choosing by behaviour)."""
        if len(self.groups) > 1:
            return "disputed"
        return "unconfirmed" if self.accepted == 1 and self.asked > 1 else ""

    def describe(self) -> str:
        """One line for people: the build summary and the compliance report say it in these words."""
        checks = f"{self.examples} example(s), {self.contracts} contract(s)"
        if not self.probes:
            return f"{checks}; {self.accepted} of {self.asked} candidate(s) accepted; no probe input compared them"
        if self.accepted == 1:
            return f"{checks}; 1 accepted candidate of {self.asked}, run on {self.probes} inputs, none to compare"
        others = ", ".join(str(size) for size in self.groups[1:]) or "none"
        return (
            f"{checks}; {self.agreeing} of {self.accepted} accepted candidates agree on {self.probes} inputs "
            f"(other groups: {others}; {self.asked} asked)"
        )


@dataclass(frozen=True, slots=True)
class FunctionEntry:
    intent_digest: str
    origin: str  # "model"; a human's adoption says "human" (aic adopt)
    backend: str
    model: str
    model_digest: str  # the weights' sha256 for a local model, else the model id
    prompt_digest: str  # of the messages of the call whose answer was accepted
    sampling: Sampling
    imports: tuple[str, ...]
    code: tuple[str, ...]  # the function's lines
    code_digest: str
    gates: dict[str, str]  # gate -> verdict
    tools: dict[str, str]  # tool -> version, for every gate's tool and aic
    calls: int
    repairs: int
    prompt_tokens: int
    completion_tokens: int
    cost: float
    # "verified", or "not-generated": no candidate passed, and `code` is the stub a partial module holds (it
    # raises NotImplementedError); such a function has no gate verdicts.
    verdict: str = "verified"
    evidence: Evidence | None = None

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict: expected one of {', '.join(VERDICTS)}, got {self.verdict!r}")

    @property
    def source(self) -> str:
        return "\n".join(self.code) + "\n"


@dataclass(frozen=True, slots=True)
class ModuleEntry:
    intent: str  # the intent file, relative to the project, POSIX separators
    output: str
    output_digest: str  # sha256 of the emitted module's bytes
    tests: str
    tests_digest: str
    functions: dict[str, FunctionEntry]
    adopted_by: str = ""  # set by `aic adopt`: who took a hand edit over, and when (UTC)
    adopted_at: str = ""
    # What of the project's own code its code may import (`module:name`, aic.verifiers.project): an allowance
    # of the capability policy, recorded like `allow`. Written only when there is some, so older locks stay.
    project: tuple[str, ...] = dataclasses.field(default=(), metadata={"omit_empty": True})


@dataclass(frozen=True, slots=True)
class Lock:
    modules: dict[str, ModuleEntry]
    version: int = SCHEMA
    # The policy the modules were verified under: capabilities `[tool.aic.policy] allow` granted, and gates or
    # tools switched off (`[tool.aic.gates]`, `bandit = false`). Both are waivers a reviewer must see.
    allow: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def intent_digest(intent: IntentModule, function: Function, context: str = "") -> str:
    """The identity of what was asked for one function: its IR (signature, docstring, examples, contracts)
    without source positions, so moving a stub within its file is no change, plus the module's name, the
    header (imports, constants) and the classes' own code its code is verified against; and `context`, the
    digest of the project code it imports (aic.verifiers.project), so that changing that code invalidates
    exactly the functions that use it."""
    data: dict[str, object] = {"module": intent.name, "header": list(intent.header)}
    data["function"] = _without_spans(to_data(function))
    if intent.classes:  # absent, not empty, for a module without classes: its digests stay what they were
        data["classes"] = [cls.given for cls in intent.classes]
    if context:  # absent, not empty: an intent that imports no project code keeps the digest it always had
        data["context"] = context
    return sha256_text(json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


def _without_spans(data: object) -> object:
    if isinstance(data, dict):
        return {k: _without_spans(v) for k, v in data.items() if k != "span"}
    if isinstance(data, list):
        return [_without_spans(v) for v in data]
    return data


def dumps(lock: Lock) -> str:
    return json.dumps(_plain(lock), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        kept = [f for f in fields if not (f.metadata.get("omit_empty") and not getattr(value, f.name))]
        return {f.name: _plain(getattr(value, f.name)) for f in kept}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def read_lock(path: Path) -> Lock | None:
    """The lock at `path`, None when there is none; a malformed or newer lock is a LockError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as err:
        raise LockError(f"{path}: cannot read: {err}") from None
    return loads(text, str(path))


def loads(text: str, where: str = LOCK_NAME) -> Lock:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise LockError(f"{where}:{err.lineno}:{err.colno}: not valid JSON: {err.msg}") from None
    if not isinstance(data, dict):
        raise LockError(f"{where}: expected a JSON object at the top level")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise LockError(f"{where}: version: missing or not a whole number")
    if version > SCHEMA:
        raise LockError(
            f"{where}: written by a newer aic (lock version {version}; this aic reads {SCHEMA}): upgrade aic"
        )
    if version < 1:
        raise LockError(f"{where}: version: {version} is not a lock version")
    lock = _decode(Lock, data, "", where)
    assert isinstance(lock, Lock)
    return lock


def write_lock(path: Path, lock: Lock) -> None:
    write_atomically(str(path), dumps(lock))


def _decode(hint: Any, value: Any, key: str, where: str) -> Any:
    """`value` checked against the type `hint`, recursively; the first mismatch is a LockError naming its key."""
    here = key or "(top level)"
    origin = typing.get_origin(hint)
    if origin is types.UnionType:  # `X | None`: null, or an X
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return None if value is None else _decode(inner, value, key, where)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _decode_fields(hint, value, key, where)
    if origin is dict:
        if not isinstance(value, dict):
            raise LockError(f"{where}: {here}: expected an object")
        item = typing.get_args(hint)[1]
        return {k: _decode(item, v, _join(key, k), where) for k, v in value.items()}
    if origin is tuple:
        item = typing.get_args(hint)[0]
        if not isinstance(value, list) or not all(isinstance(v, item) and not isinstance(v, bool) for v in value):
            raise LockError(f"{where}: {here}: expected a list of {_plural.get(item, 'values')}")
        return tuple(value)
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if hint in (int, str) and isinstance(value, hint) and not isinstance(value, bool):
        return value
    raise LockError(f"{where}: {here}: expected {_names.get(hint, str(hint))}, got {type(value).__name__}")


def _decode_fields(hint: Any, value: Any, key: str, where: str) -> Any:
    """A dataclass from its JSON object: no unknown key, every required one, each field decoded."""
    here = key or "(top level)"
    if not isinstance(value, dict):
        raise LockError(f"{where}: {here}: expected an object")
    hints = typing.get_type_hints(hint)
    names = {f.name for f in dataclasses.fields(hint)}
    unknown = sorted(set(value) - names)
    if unknown:
        raise LockError(f"{where}: {_join(key, unknown[0])}: unknown key")
    required = {
        f.name
        for f in dataclasses.fields(hint)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    missing = sorted(n for n in required - set(value) if n != "version" or hint is not Lock)
    if missing:
        raise LockError(f"{where}: {_join(key, missing[0])}: missing")
    values = {n: _decode(hints[n], value[n], _join(key, n), where) for n in names if n in value}
    try:
        return hint(**values)
    except (TypeError, ValueError) as err:  # a field's own check (a verdict)
        raise LockError(f"{where}: {here}: {err}") from None


_names: dict[Any, str] = {int: "a whole number", str: "a string", float: "a number"}
_plural: dict[Any, str] = {int: "whole numbers", str: "strings"}


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name
