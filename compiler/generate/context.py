"""What the model is shown of the project's own code an intent imports: a stub of every imported name (a
class's decorators, bases, fields and method signatures; a function's signature and docstring; a constant's
assignment), read from the source with `ast`, never imported. Deterministic, in the header's import order, cut
to `context_tokens` (about four characters a token); 0 shows nothing (the ablation). The sources it is read
from are in the function's intent digest (aic.verifiers.project), so the lock replays exactly what was shown."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from pathlib import Path

from aic.config import Config
from aic.generate.intents import IntentModule
from aic.generate.related import Definition, definitions, related
from aic.ir.pyast import parse
from aic.verifiers.project import ProjectModules, imported_by

CHARS_PER_TOKEN = 4
DOC_LINES = 12  # a longer docstring is shown up to its first blank line


def seen(config: Config, intent: IntentModule, corpus: list[Definition] | None = None) -> ProjectModules:
    """The project code `intent` is built against: what its header imports and, unless the context is switched
    off, the `context_related` hand-written definitions most related to it (aic.generate.related). `corpus`:
    the project's definitions, read once for a whole build (`hand_written`)."""
    k = config.build.context_related if config.build.context_tokens > 0 else 0
    if corpus is None:
        corpus = hand_written(config) if k else []
    found = related(intent, corpus, k)
    return imported_by(config.root, intent.header, found)


def hand_written(config: Config) -> list[Definition]:
    """The project's hand-written definitions: its packages less the intents, the tests and the output."""
    settings = config.build
    return definitions(config.root, {_folder(settings.intents), _folder(settings.tests), _folder(settings.output)})


def reaches_generated(config: Config, package: str, limit: int = 2000) -> bool:
    """Whether hand-written code of the project imports the generated package (`package`), or there are more
    than `limit` files to tell: then a module's project code can depend on modules it does not import itself
    (through a hand-written module, or a related definition's), and modules are built one after another."""
    settings = config.build
    skip = {_folder(settings.intents), _folder(settings.tests), _folder(settings.output)}
    pattern = re.compile(rf"^\s*(from|import)\s+{re.escape(package)}\b", re.MULTILINE)
    seen = 0
    for folder, names, files in os.walk(config.root):
        relative = Path(folder).relative_to(config.root).as_posix()
        inside = "" if relative == "." else f"{relative}/"
        names[:] = sorted(
            n for n in names
            if not (n.startswith((".", "_")) or f"{inside}{n}" in skip or Path(folder, n, "pyvenv.cfg").exists())
        )  # fmt: skip
        for name in (f for f in files if f.endswith(".py")):
            seen += 1
            if seen > limit:
                return True
            try:
                if pattern.search(Path(folder, name).read_text(encoding="utf-8", errors="replace")):
                    return True
            except OSError:
                continue
    return False


def context(intent: IntentModule, project: ProjectModules, tokens: int) -> str:
    """Stubs of the project names `intent` imports, one block per module, then of the related definitions it may
    import; "" when there are none."""
    if tokens <= 0 or not (project.imported or project.related):
        return ""
    sources = {module.name: module.source for module in project.modules}
    blocks: list[str] = []
    for module, names in _imports(intent, set(project.imported)):
        stubs = list(_stubs(sources[module], names))
        if stubs:
            blocks.append(f"# {module}\n" + "\n\n".join(stubs))
    for module, name in project.related:
        stubs = list(_stubs(sources[module], {name}))
        if stubs and not any(f"# {module}\n" in block and f" {name}" in block for block in blocks):
            blocks.append(f"# related, not imported: from {module} import {name}\n" + stubs[0])
    text = "\n\n".join(blocks)
    cap = tokens * CHARS_PER_TOKEN
    if len(text) > cap:
        text = text[:cap].rsplit("\n", 1)[0] + "\n# ... (cut to the context's token cap)"
    return f"```python\n{text}\n```" if text else ""


def _folder(setting: str) -> str:
    return Path(setting).as_posix().strip("/").removeprefix("./")


def _imports(intent: IntentModule, modules: set[str]) -> list[tuple[str, set[str] | None]]:
    """(project module, the names imported from it, or None for the whole module), in the header's order."""
    found: dict[str, set[str] | None] = {}
    for statement in intent.header:
        for node in ast.walk(parse(statement)):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                whole = [f"{node.module}.{alias.name}" for alias in node.names]  # `from pkg import module`
                found.update({name: None for name in whole if name in modules})
                if node.module in modules and found.get(node.module, set()) is not None:
                    names = found.setdefault(node.module, set())
                    assert names is not None
                    names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update({alias.name: None for alias in node.names if alias.name in modules})
    return list(found.items())


def _stubs(source: str, names: set[str] | None) -> Iterator[str]:
    """The stub of each top-level definition in `source` that `names` asks for (None: every public one)."""
    try:
        tree = parse(source)
    except SyntaxError:
        return
    for node in tree.body:
        name = _name(node)
        if name is None or (names is None and name.startswith("_")) or (names is not None and name not in names):
            continue
        if isinstance(node, ast.ClassDef):
            yield _class(node)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield _function(node, "")
        else:
            yield ast.unparse(node)


def _name(node: ast.stmt) -> str | None:
    if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        return node.name
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    return None


def _class(node: ast.ClassDef) -> str:
    lines = [f"@{ast.unparse(d)}" for d in node.decorator_list]
    bases = [ast.unparse(b) for b in node.bases] + [ast.unparse(k) for k in node.keywords]
    lines.append(f"class {node.name}" + (f"({', '.join(bases)})" if bases else "") + ":")
    lines += _docstring(node, "    ")
    for item in node.body:
        if isinstance(item, ast.AnnAssign | ast.Assign):
            lines.append("    " + ast.unparse(item))
        elif isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and not _private_method(item.name):
            lines.append(_function(item, "    "))
    if len(lines) == len(node.decorator_list) + 1:
        lines.append("    ...")
    return "\n".join(lines)


def _function(node: ast.FunctionDef | ast.AsyncFunctionDef, indent: str) -> str:
    decorators = [f"{indent}@{ast.unparse(d)}" for d in node.decorator_list]
    keyword = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
    returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
    head = f"{indent}{keyword} {node.name}({ast.unparse(node.args)}){returns}:"
    return "\n".join([*decorators, head, *_docstring(node, indent + "    "), f"{indent}    ..."])


def _docstring(node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef, indent: str) -> list[str]:
    text = ast.get_docstring(node)
    if not text:
        return []
    lines = text.splitlines()
    if len(lines) > DOC_LINES:
        lines = lines[: lines.index("")] if "" in lines[1:DOC_LINES] else lines[:1]
    body = "\n".join(f"{indent}{line}" if line else "" for line in lines)
    return [f'{indent}"""{body.strip()}"""'] if len(lines) == 1 else [f'{indent}"""', body, f'{indent}"""']


def _private_method(name: str) -> bool:
    return name.startswith("_") and name not in ("__init__", "__call__", "__eq__", "__lt__", "__len__", "__iter__")
