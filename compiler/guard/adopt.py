"""`aic adopt`: a human takes a hand edit of a generated module over.

The edited functions are read back like a model's reply (the intent's signature and docstring must stay), the
module is re-assembled and re-verified by every gate exactly as a build would, and, when it passes, written in
its canonical form and recorded in aic.lock: the edited functions with origin "human", the module with who
adopted it and when. A later `aic build` (or `--locked`) then reproduces the adopted module byte for byte,
and `aic gate` lets it through. Code outside the intent's functions (a new helper, a global) cannot be adopted:
it has no intent to be checked against.
"""

from __future__ import annotations

import ast
import datetime
import getpass
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from aic.config import Config, load_config
from aic.files import resolve
from aic.generate.emit import emit_module, module_file
from aic.generate.header import declared_digest
from aic.generate.intents import IntentModule, load_intents
from aic.generate.loop import Builder
from aic.generate.project import NoModel, project_lock
from aic.generate.records import own_findings, verdicts
from aic.generate.reply import Candidate, read_reply
from aic.guard.gate import find_lock
from aic.ir import Diagnostic, Function, blocking
from aic.ir.pyast import parse
from aic.state.audit import append
from aic.state.lock import LOCK_NAME, FunctionEntry, Lock, ModuleEntry, sha256_text, write_lock


class AdoptError(Exception):
    """Input aic cannot adopt; str() is one line naming the file."""


def adopt(path: Path, who: str | None = None) -> list[Diagnostic]:
    """Blocking findings when the edit fails a gate (nothing is written), else [] and the lock updated."""
    text = _read(path)
    target = _target(path, text)
    root, config, intent, entry = target.root, target.config, target.intent, target.entry
    stubs = {f: e.source for f, e in entry.functions.items() if e.verdict == "not-generated"}
    candidates, kept = _candidates(path, text, intent, stubs)
    with project_lock(root):
        module, final = Builder(config, NoModel()).finish_module(intent, candidates, kept)
        _same_classes(path, intent, module, text)
        if blocking(final):
            return blocking(final)
        _, tests = emit_module(root, config.build.output, config.build.tests, intent, module, kept)
        functions = {
            f: _human(e, candidates[f], verdicts(config, _function(intent, f), own_findings(module, final, f)))
            if f in candidates and _changed(e, candidates[f])
            else e
            for f, e in entry.functions.items()
        }
        adopted = replace(
            entry, output_digest=sha256_text(module), functions=functions,
            tests_digest=sha256_text(tests.read_text(encoding="utf-8")),
            adopted_by=who or _who(root), adopted_at=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )  # fmt: skip
        current = find_lock(path)  # re-read under the project lock: a build may have written it meanwhile
        modules = {**(current[1] if current else target.lock).modules, target.name: adopted}
        write_lock(root / LOCK_NAME, replace(target.lock, modules=modules))
        changed = sorted(f"{target.name}.{f}" for f, e in functions.items() if e is not entry.functions[f])
        fields = {"module": target.name, "file": target.relative, "by": adopted.adopted_by, "functions": changed}
        append(root, "adopted", {**fields, "output_digest": adopted.output_digest})
    return []


@dataclass(frozen=True, slots=True)
class _Target:
    """The generated module being adopted: its project, lock entry, configuration and intent."""

    root: Path
    lock: Lock
    relative: str  # the module's path in the project
    name: str
    entry: ModuleEntry
    config: Config
    intent: IntentModule


def _target(path: Path, text: str) -> _Target:
    found = find_lock(path)
    if declared_digest(text) is None or found is None:
        raise AdoptError(f"{path}: not a module aic generated and locked (no aic-verified header or {LOCK_NAME})")
    root, lock = found
    relative = resolve(path).relative_to(root).as_posix()
    name, entry = next(((k, e) for k, e in lock.modules.items() if e.output == relative), (None, None))
    if name is None or entry is None:
        raise AdoptError(f"{path}: not recorded in {root / LOCK_NAME}")
    config = load_config(root, root / "pyproject.toml")
    intent = next((i for i in load_intents(root / config.build.intents) if i.name == name), None)
    if intent is None:
        raise AdoptError(f"{path}: its intent module `{name}` no longer exists")
    if resolve(module_file(root, config.build.output, name)) != resolve(path):
        raise AdoptError(f"{path}: not where [tool.aic] output puts module `{name}`: run `aic build` first")
    return _Target(root, lock, relative, name, entry, config, intent)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise AdoptError(f"{path}: cannot read: {err}") from None


def _candidates(
    path: Path, text: str, intent: IntentModule, stubs: dict[str, str]
) -> tuple[dict[str, Candidate], dict[str, str]]:
    """The functions of the edit, read like a model's reply, and the stubs of a partial module it left as they
    were (`stubs`: the lock's, by name): those stay stubs, any other text for them is a body to adopt."""
    try:
        tree = parse(text)
    except SyntaxError as err:
        raise AdoptError(f"{path}:{err.lineno}: the edit is not valid Python: {err.msg}") from None
    wanted = {f.qualname for f in intent.functions}
    imports: list[str] = []
    sources: dict[str, str] = {}
    for index, node in enumerate(tree.body):
        segment = ast.get_source_segment(text, node) or ""
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the module docstring (the intent's description)
        if isinstance(node, ast.Import | ast.ImportFrom):
            if segment not in intent.header:
                imports.append(segment)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in wanted:
            sources[node.name] = segment
        elif isinstance(node, ast.ClassDef) and any(c.name == node.name for c in intent.classes):
            sources.update(_methods(text, node.name, wanted))
        elif segment not in intent.header:
            raise AdoptError(f"{path}:{node.lineno}: code outside the intent's functions cannot be adopted")
    candidates: dict[str, Candidate] = {}
    kept: dict[str, str] = {}
    for number, function in enumerate(intent.functions):
        name = function.qualname
        if name not in sources:
            raise AdoptError(f"{path}:1: the edit removed `{name}`")
        if name in stubs and _same_code(sources[name], stubs[name]):
            kept[name] = stubs[name]
            continue
        read = read_reply(sources[name], function, intent.path, [c.name for c in intent.classes])
        if isinstance(read, Diagnostic):
            raise AdoptError(f"{path}:1: `{name}`: {read.message}")
        candidates[name] = Candidate(tuple(imports) if number == 0 else (), read.function)
    return candidates, kept


def _methods(text: str, name: str, wanted: set[str]) -> dict[str, str]:
    """The methods to adopt from the edit's class `name`, each as a `def` of its own (through libcst, so a
    multi-line string keeps its text); the rest of the class is `_same_classes`'s."""
    import libcst as cst

    found: dict[str, str] = {}
    for node in cst.parse_module(text).body:
        if isinstance(node, cst.ClassDef) and node.name.value == name and isinstance(node.body, cst.IndentedBlock):
            for item in node.body.body:
                if isinstance(item, cst.FunctionDef) and f"{name}.{item.name.value}" in wanted:
                    found[f"{name}.{item.name.value}"] = cst.Module(body=[item]).code
    return found


def _same_classes(path: Path, intent: IntentModule, rebuilt: str, edited: str) -> None:
    """The edit may change the intent's methods only: each class, less those methods, must be as the module
    rebuilt from the intent has it (formatted and fixed as a build would)."""
    wanted = {f.qualname for f in intent.functions}
    names = {c.name for c in intent.classes}
    ours, theirs = _shapes(parse(rebuilt), names, wanted), _shapes(parse(edited), names, wanted)
    for name, (line, shape) in theirs.items():
        if ours.get(name, (0, ""))[1] != shape:
            raise AdoptError(f"{path}:{line}: the class `{name}` differs from the intent's: change the intent")


def _shapes(tree: ast.Module, names: set[str], wanted: set[str]) -> dict[str, tuple[int, str]]:
    """Each class of `names` as (line, its AST dump without the methods of `wanted`)."""
    shapes: dict[str, tuple[int, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in names:
            body = [s for s in node.body if f"{node.name}.{getattr(s, 'name', '')}" not in wanted]
            shape = ast.ClassDef(
                name=node.name, bases=node.bases, keywords=node.keywords, body=body, decorator_list=node.decorator_list
            )
            shapes[node.name] = (node.lineno, ast.dump(shape))
    return shapes


def _same_code(written: str, stub: str) -> bool:
    """The same code whatever the formatting (the emitted module is formatted, the lock keeps the stub raw)."""
    try:
        return ast.dump(parse(written)) == ast.dump(parse(stub))
    except SyntaxError:
        return False


def _function(intent: IntentModule, name: str) -> Function:
    return next(f for f in intent.functions if f.qualname == name)


def _changed(entry: FunctionEntry, candidate: Candidate) -> bool:
    return entry.source.rstrip("\n") != candidate.function.rstrip("\n") or entry.imports != candidate.imports


def _human(entry: FunctionEntry, candidate: Candidate, gates: dict[str, str]) -> FunctionEntry:
    """A function the human wrote (an edit, or the body of a stub): verified by every gate just now."""
    code = tuple(candidate.function.rstrip("\n").split("\n"))
    digest = sha256_text("\n".join(code) + "\n")
    return replace(
        entry, origin="human", code=code, code_digest=digest, imports=candidate.imports, verdict="verified",
        gates=gates,
    )  # fmt: skip


def _who(root: Path) -> str:
    try:
        result = subprocess.run(
            ["git", "config", "user.email"], cwd=root, capture_output=True, text=True, check=False, timeout=5
        )
    except (OSError, subprocess.TimeoutExpired):
        result = None
    return (result.stdout.strip() if result and result.returncode == 0 else "") or getpass.getuser()
