"""`aic init [DIR]`: write a commented starter `[tool.aic]` and one example intent."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aic.files import resolve, write_atomically

HELP = "write a starter [tool.aic] configuration and an example intent"

STARTER = """
[tool.aic]
intents = "intents"          # intent files: Python stubs (*.py) or Markdown with ```python blocks (*.md)
output = "generated"         # the package the verified modules are written to
tests = "tests"              # pytest files made from the intents' examples
backend = "local"            # the embedded Qwen2.5-Coder-1.5B; or "anthropic", "openai" (then set model)
samples = 6                  # candidates per function: the first greedy, the rest sampled
agree = 2                    # ... fewer once this many accepted ones behave alike on the probe inputs
extra_samples = 6            # ... more where none was accepted or the accepted ones behave differently
max_repairs = 1              # repair rounds (the gates' located findings sent back) once every fresh
                             # candidate was refused: fresh ones are cheaper (README, Choosing by behaviour)
max_concurrency = 1          # model calls in flight at once (the lock never depends on it): 1 keeps the
                             # embedded model's replies reproducible; 4 or more for a remote backend
# context_tokens = 1024     # stubs of the project code an intent imports, shown to the model (0: none)
# styles = ["aic", "plain"]  # first-prompt styles taken in turn (aic, plain, plan); each one's first answer greedy
# partial = true             # write a module even when some functions were not generated (stubs to finish)
# max_tokens = 200000        # stop before the build's model calls could pass this many tokens
# max_cost = 5.0             # ... or this many USD (needs a price below for remote models)
# Commit aic.lock (the record `aic build --locked` replays); keep .aic/ (the reply cache) out of git.

# [tool.aic.prices]          # USD per million tokens
# "anthropic/claude-sonnet-4-5" = { input = 3.0, output = 15.0 }

[tool.aic.policy]
allow = []                   # capabilities generated code may use: network, process, file-write, ...

[tool.aic.limits]
timeout_seconds = 10.0       # the sandbox that runs the examples, per module
memory_mb = 1024

[tool.pytest.ini_options]
pythonpath = ["."]
"""

EXAMPLE = '''"""Small arithmetic helpers."""


def clamp(value: int, low: int, high: int) -> int:
    """Clamp value into the closed interval [low, high].

    Requires: low <= high

    >>> clamp(5, 0, 3)
    3
    >>> clamp(-1, 0, 3)
    0
    """
    ...
'''


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", nargs="?", default=".")


def run(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    resolve(folder)  # a loop of symbolic links is a PathError naming it
    folder.mkdir(parents=True, exist_ok=True)
    pyproject = folder / "pyproject.toml"
    existing = pyproject.read_text(encoding="utf-8") if pyproject.exists() else ""
    if "[tool.aic" in existing:
        print(f"aic: error: {pyproject} already has a [tool.aic] section", file=sys.stderr)
        return 2
    header = "" if existing else f'[project]\nname = "{resolve(folder).name}"\nversion = "0.1.0"\n'
    write_atomically(str(pyproject), existing + header + STARTER)
    intents = folder / "intents"
    intents.mkdir(exist_ok=True)
    example = intents / "arith.py"
    if not example.exists():
        write_atomically(str(example), EXAMPLE)
    print(f"wrote {pyproject} and {example}; now run `aic build {folder}`")
    return 0
