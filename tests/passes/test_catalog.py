"""The catalog knows every pass without importing it, and agrees with the classes; what `aic gate` imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from aic.cli import main
from aic.passes import REGISTRY
from aic.passes.catalog import CATALOG, ENTRIES
from tests.compiler.conftest import copy_example

HEAVY = ("z3", "networkx", "mypy", "libcst", "bandit", "hypothesis", "aic.verifiers.sandbox", "rich")


def test_each_entry_is_its_class() -> None:
    assert list(ENTRIES) == list(REGISTRY)
    for entry in CATALOG:
        cls = REGISTRY[entry.name]
        assert (cls.name, cls.section) == (entry.name, entry.section)
        assert cls.Options is entry.options or (entry.options is None and not cls.section)


def imported(code: str, cwd: Path) -> set[str]:
    """Which of HEAVY a fresh interpreter holds after running `code` (with aic.cli's `main` in scope)."""
    script = f"import json, sys\nfrom aic.cli import main\ntry:\n    {code}\nexcept SystemExit:\n    pass\n"
    script += f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    done = subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_the_gate_imports_a_tool_only_when_it_runs_it(tmp_path: Path) -> None:
    assert imported("main(['gate', '--help'])", tmp_path) == set()
    assert imported("main(['--help'])", tmp_path) == set()
    copy_example(tmp_path)
    assert main(["build", str(tmp_path), "--locked"]) == 0
    modules = [str(p) for p in sorted((tmp_path / "ledger").glob("[!_]*.py"))]
    first = imported(f"main(['gate', *{modules!r}])", tmp_path)
    assert "libcst" in first and not first & {"z3", "mypy", "bandit", "hypothesis", "aic.verifiers.sandbox"}
    # Their IR is stored now: the next gate of the same files lowers nothing, and needs only the pass manager...
    alone = [m for m in modules if not m.endswith("invoice.py")]
    assert imported(f"main(['gate', *{alone!r}])", tmp_path) == {"networkx"}
    # ...but for a module built against project code, whose intent is read again to derive what its build saw.
    assert imported(f"main(['gate', *{modules!r}])", tmp_path) == {"networkx", "libcst"}
