"""The project's hand-written functions and classes most related to an intent, by a BM25 ranking (`bm25s`) of
their names, parameter names and docstrings against the intent's: what the model is shown beyond what the intent
imports (aic.generate.context), and may then import (the policy allows exactly the names shown).

The corpus is the project's own packages under its search roots (a folder with `__init__.py`, entered only
through packages), less the intents, the tests and the output package: generated modules reach a prompt only
through an import, so the build order stays the import graph's. Deterministic: files in sorted order, identifiers
split into words, scores rounded before ties are broken by module and name.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from aic.generate.intents import IntentModule
from aic.ir.pyast import parse
from aic.verifiers.project import search_roots

MAX_FILES = 2000  # a project larger than this is ranked on its first files, in sorted order
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


@dataclass(frozen=True, slots=True)
class Definition:
    module: str
    name: str
    text: str  # what is ranked: name, parameter names and docstring


def related(intent: IntentModule, definitions: list[Definition], k: int) -> list[tuple[str, str]]:
    """The `k` of the project's `definitions` ranked highest for `intent`, as (module, name), best first; none
    scoring 0, none the intent imports (those are shown anyway)."""
    if k <= 0:
        return []
    imported = {(n.module, a.name) for n in _header(intent) for a in n.names}
    corpus = [d for d in definitions if (d.module, d.name) not in imported]
    if not corpus:
        return []
    import bm25s  # imported by a build that ranks

    # Names and words, not types: `int` and `str` would make every function look related.
    parts = [f"{f.name} {' '.join(p.name for p in f.params)} {f.docstring or ''}" for f in intent.functions]
    query = " ".join([intent.description, *parts])
    words = bm25s.tokenize([_words(d.text) for d in corpus], stopwords="en_plus", show_progress=False, return_ids=False)
    corpus = [d for d, w in zip(corpus, words, strict=True) if w]  # a definition of stopwords alone ranks nowhere
    tokens = bm25s.tokenize([_words(query)], stopwords="en_plus", show_progress=False, return_ids=False)[0]
    if not corpus or not tokens:
        return []
    index = bm25s.BM25()
    index.index([w for w in words if w], show_progress=False)
    scores = [round(float(s), 6) for s in index.get_scores(tokens)]
    ranked = sorted(range(len(corpus)), key=lambda i: (-scores[i], corpus[i].module, corpus[i].name))
    return [(corpus[i].module, corpus[i].name) for i in ranked[:k] if scores[i] > 0]


def definitions(root: Path, skip: set[str]) -> list[Definition]:
    """Every public top-level function and class of the project's packages; `skip`: folders (relative to the
    root, "/"-separated) that are not hand-written code."""
    found: list[Definition] = []
    for base in search_roots(root):
        for path in _modules(base, root, skip)[:MAX_FILES]:
            module = ".".join(path.relative_to(base).with_suffix("").parts).removesuffix(".__init__")
            found += _defined(module, path)
    return found


def _modules(base: Path, root: Path, skip: set[str]) -> list[Path]:
    files: list[Path] = []
    pending = sorted(p for p in base.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    while pending and len(files) < MAX_FILES:
        folder = pending.pop(0)
        relative = folder.relative_to(root).as_posix()
        if folder.name.startswith((".", "_")) or relative in skip or (folder / "pyvenv.cfg").exists():
            continue
        files += sorted(folder.glob("*.py"))
        pending += sorted(p for p in folder.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    return files


def _defined(module: str, path: Path) -> list[Definition]:
    try:
        tree = parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return []
    out = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            args = [] if isinstance(node, ast.ClassDef) else [a.arg for a in node.args.args if a.arg != "self"]
            out.append(Definition(module, node.name, " ".join([node.name, *args, ast.get_docstring(node) or ""])))
    return out


def _header(intent: IntentModule) -> list[ast.ImportFrom]:
    statements = parse("\n".join(intent.header)).body
    return [s for s in statements if isinstance(s, ast.ImportFrom) and s.module and not s.level]


def _words(text: str) -> str:
    """Identifiers split into lower-case words (`total_cents`, `totalCents` -> total cents), so they meet prose."""
    return " ".join(word.lower() for word in _WORDS.findall(text))
