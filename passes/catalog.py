"""The passes by name, known without importing them: where each class lives, the `[tool.aic.<section>]` table it
reads and its option type. `aic.config` and `aic.lock` need no more than this, so `aic gate` in a pre-commit
hook imports z3, the sandbox or hypothesis only when its pipeline holds a pass that uses them, and the
registry (`aic.passes.manager.REGISTRY`) imports a pass the first time a pipeline names it.

The pass classes remain what declares `requires`, `after`, `section` and `Options`; tests/passes/test_catalog.py
holds each entry equal to its class.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from aic.passes.options import ContractsOptions, Limits, LintOptions, PolicyOptions, TypesOptions

if TYPE_CHECKING:
    from aic.passes.base import Pass


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    target: str  # "module:Class"
    section: str | None = None
    options: type[Any] | None = None  # None: the pass takes no options


CATALOG: tuple[Entry, ...] = (  # the registry's order, which breaks ties in the pass manager's schedule
    Entry("syntax", "aic.passes.syntax:SyntaxGate"),
    Entry("lint", "aic.passes.lint:LintGate", "lint", LintOptions),
    Entry("autofix", "aic.passes.autofix:AutofixTransform", "lint", LintOptions),
    Entry("lower", "aic.passes.lower:LowerTransform"),
    Entry("types", "aic.passes.types:TypesGate", "types", TypesOptions),
    Entry("security", "aic.passes.security:SecurityGate", "policy", PolicyOptions),
    Entry("examples", "aic.passes.examples:ExamplesGate", "limits", Limits),
    Entry("contracts", "aic.passes.contracts:ContractsGate", "contracts", ContractsOptions),
)
ENTRIES: dict[str, Entry] = {entry.name: entry for entry in CATALOG}


@cache
def load(name: str) -> type[Pass]:
    """The class of pass `name`, imported now."""
    module, _, attribute = ENTRIES[name].target.partition(":")
    found: type[Pass] = getattr(importlib.import_module(module), attribute)
    return found


class Registry(Mapping[str, "type[Pass]"]):
    """Pass name -> class, importing a pass's module when it is first looked up."""

    def __getitem__(self, name: str) -> type[Pass]:
        if name not in ENTRIES:
            raise KeyError(name)
        return load(name)

    def __iter__(self) -> Iterator[str]:
        return iter(ENTRIES)

    def __len__(self) -> int:
        return len(ENTRIES)

    def __contains__(self, name: object) -> bool:
        return name in ENTRIES
