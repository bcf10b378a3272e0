"""The versions of the tools that judge code: part of every verdict's record (the lockfile records them)."""

from __future__ import annotations

import subprocess
from importlib.metadata import PackageNotFoundError, version

from aic.verifiers.ruff_adapter import ruff_bin


def tool_versions() -> dict[str, str]:
    versions: dict[str, str] = {}
    for name in ("aic", "mypy", "bandit", "libcst", "z3-solver", "hypothesis"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    result = subprocess.run([ruff_bin(), "--version"], capture_output=True, text=True, check=False)
    versions["ruff"] = result.stdout.strip().removeprefix("ruff ") or "unknown"
    return versions
