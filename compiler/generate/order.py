"""The order a project's intents are built in: an intent that imports another intent's generated module
(`from generated.cart import total`, `import generated.cart`, `from generated import cart`) is built after it,
so the module it imports exists and its gates check against it. The order is a topological sort of that import
graph (networkx), ties broken by name, so a build and its `--locked` replay take the same order; a cycle is an
IntentError naming it."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from aic.generate.intents import IntentError, IntentModule
from aic.ir.pyast import parse


def build_order(intents: list[IntentModule], package: str) -> list[IntentModule]:
    """`intents` in dependency order; `package`: the dotted name of the output package (`generated`)."""
    import networkx as nx  # imported by a build only

    by_name = {intent.name: intent for intent in intents}
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(by_name)
    for intent in intents:
        for name in generated_imports(intent, package):
            if name in by_name and name != intent.name:
                graph.add_edge(name, intent.name)
            elif name == intent.name:
                raise IntentError(f"{intent.path}:1: intent `{name}` imports its own generated module")
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return [by_name[name] for name in nx.lexicographical_topological_sort(graph)]
    # The graph's edges run from a module to those importing it; the message reads the other way.
    names = [edge[0] for edge in reversed(cycle)] + [cycle[-1][0]]
    start = min(range(len(names) - 1), key=lambda k: names[k])  # from the first name: the same message every run
    names = names[start:-1] + names[:start] + [names[start]]
    first = by_name[names[0]]
    raise IntentError(f"{first.path}:1: the intents import each other's modules in a cycle: {' imports '.join(names)}")


def generated_imports(intent: IntentModule, package: str) -> Iterator[str]:
    """The names of the generated modules `intent`'s imports name (with or without an intent of that name)."""
    prefix = f"{package}."
    for statement in intent.header:
        for node in ast.walk(parse(statement)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith(prefix):
                        yield alias.name[len(prefix) :].split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.startswith(prefix):
                    yield node.module[len(prefix) :].split(".")[0]
                elif node.module == package:
                    yield from (alias.name for alias in node.names)
