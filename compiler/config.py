"""`[tool.aic]` in the nearest pyproject.toml: read, validated key by key, turned into typed pass options.

Any unknown key, wrong type or bad value is a ConfigError naming the file and the key.
"""

from __future__ import annotations

import dataclasses
import tomllib
import typing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from aic.files import resolve
from aic.ir.bounds import above, at_least, check, numeric_fields, problem
from aic.passes import GATES
from aic.passes.catalog import CATALOG

DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "__pycache__",
    "build",
    "dist",
    "node_modules",
    ".aic",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "*.egg-info",
)


# The styles of a first prompt (`[tool.aic] styles`; aic.generate.prompt writes them). "aic": the function within
# its module, aic's demands in the system prompt, the signature prefilled where the backend allows. "plain": the
# module as code and a bare request to complete it, the way a user would ask a chat model. "plan": as plain, but
# a short plan in words first, so that candidates differ in more than sampling noise.
STYLES = ("aic", "plain", "plan")


class ConfigError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Price:
    """USD per million tokens, as a provider bills them."""

    input: float = 0.0
    output: float = 0.0

    def __post_init__(self) -> None:
        check(self)


MAX_CONCURRENCY = 64  # each of the embedded model's slots holds a whole context
DEFAULT_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"  # the embedded model


@dataclass(frozen=True, slots=True)
class BuildSettings:
    """What `aic build` reads from `[tool.aic]`; paths are relative to the pyproject.toml's folder."""

    intents: str = "intents"
    output: str = "generated"  # the package folder the verified modules go to
    tests: str = "tests"  # where the pytest files made from the examples go
    backend: str = "local"
    model: str = DEFAULT_MODEL
    samples: int = field(default=6, metadata=at_least(1))  # candidates per function: one greedy, the rest sampled
    # Stop asking for candidates once this many accepted ones behave alike on every probe input (1: emit the
    # first accepted one, as before choosing by behaviour).
    agree: int = field(default=2, metadata=at_least(1))
    # Further candidates where the `samples` leave the evidence unsettled: none accepted, or accepted ones that
    # behave differently (0: none). Measured on HumanEval and MBPP+ samples (benchmarks/pool_budget.py).
    extra_samples: int = field(default=6, metadata=at_least(0))
    # Where a function offers no probe input of its own (no example to vary, no parameter type to draw from),
    # ask the model once for calls to compare candidates on (inputs only; cached and locked like any reply).
    propose: bool = True
    # The first prompt's styles (STYLES above), taken in turn: candidate k is asked in style
    # k mod len(styles), and the first of each style is greedy, so candidates differ in more than sampling noise.
    styles: tuple[str, ...] = ("aic",)
    # ... and the extra samples' styles, in turn the same way, a style not in `styles` first greedy (empty: the
    # `styles` turn goes on), so that a function the first candidates leave unsettled is asked differently.
    extra_styles: tuple[str, ...] = ()
    # Repair rounds, fed with the gates' diagnostics of the function's first candidate, spent only once every
    # fresh candidate was refused: on the embedded model a repair costs about 2.7 fresh samples (its prompt is
    # new, a sample's is in the model's cache), so fresh samples go first. One round: on live HumanEval it
    # rescued a task (a finding named the fix) and a second round rescued none (README, Choosing by behaviour).
    max_repairs: int = field(default=1, metadata=at_least(0))
    max_reply_tokens: int = field(default=768, metadata=at_least(16))  # per call; cut off there is AIC602
    temperature: float = 0.7  # for the second and later samples
    seed: int = 1
    max_tokens: int = 0  # the whole build's token budget, prompt + completion, over live calls (0: none)
    max_cost: float = 0.0  # the whole build's cost budget in USD, from the price table (0: none)
    base_url: str = "http://127.0.0.1:8080/v1"  # the openai backend's server
    api_key_env: str = ""  # the environment variable holding the key (default: ANTHROPIC_API_KEY, OPENAI_API_KEY)
    request_timeout: float = field(default=120.0, metadata=above(0))  # seconds per HTTP request to a remote backend
    # Model calls in flight at once (a function's candidates and a module's functions are asked together). What
    # is built never depends on it given the same replies, but above 1 the embedded model's batched arithmetic
    # words replies by which calls share a batch, so two `--refresh` builds differ, and on 2 cores it is slower
    # (README, Calls in flight): 1 by default; remote backends gain from 4 or more.
    max_concurrency: int = field(default=1, metadata=at_least(1))
    retries: int = 4  # further tries of a remote call after a timeout, reset, 429, 5xx or malformed reply
    # Stubs of the project code an intent imports, shown to the model, cut to about this many tokens (0: none).
    context_tokens: int = field(default=1024, metadata=at_least(0))
    # ... and the hand-written project definitions most related to the intent (BM25), which it may then import.
    context_related: int = field(default=3, metadata=at_least(0))
    # Partial modules: a function no candidate passed is emitted as a stub raising NotImplementedError (as with
    # --keep-going), and `aic gate` lets such a module through.
    partial: bool = False

    def __post_init__(self) -> None:
        check(self)
        for key, styles in (("styles", self.styles), ("extra_styles", self.extra_styles)):
            unknown = [s for s in styles if s not in STYLES]
            if (key == "styles" and not styles) or unknown or len(set(styles)) < len(styles):
                raise ValueError(f"{key}: expected distinct styles of {', '.join(STYLES)}, got {list(styles)!r}")
        if self.max_concurrency > MAX_CONCURRENCY:
            raise ValueError(f"max_concurrency: expected at most {MAX_CONCURRENCY}, got {self.max_concurrency}")
        if self.backend not in BACKENDS:
            raise ValueError(f"backend: unknown backend {self.backend!r} (known: {', '.join(BACKENDS)})")


BACKENDS = ("local", "anthropic", "openai")
BUILD_KEYS = tuple(f.name for f in dataclasses.fields(BuildSettings))


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None = None  # the pyproject.toml read, if any
    exclude: tuple[str, ...] = ()
    gates: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(GATES, True))
    max_files: int = 5000
    max_file_bytes: int = 1_000_000
    options: dict[str, Any] = field(default_factory=dict)  # pass name -> its options object
    build: BuildSettings = field(default_factory=BuildSettings)
    prices: dict[str, Price] = field(default_factory=dict)  # "backend/model" or "model" -> USD per 1M tokens
    # "required": examples and contract replays run only under OS isolation (bubblewrap); "waived": without it
    # they run in the audit-hook sandbox, recorded as a waiver in aic.lock and the compliance report.
    isolation: str = "required"
    declared: bool = False  # the pyproject.toml has a [tool.aic] table: an aic project, with an intents folder

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def holds_intent(self, path: Path) -> bool:
        """Whether `path` is an intent file of this aic project: in its intents folder, not named `_...` (the
        build skips those too)."""
        if not self.declared or path.name.startswith("_"):
            return False
        return resolve(path).parent == resolve(self.root / self.build.intents)


def find_pyproject(start: Path) -> Path | None:
    here = resolve(start)
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path, explicit: Path | None = None) -> Config:
    path = explicit or find_pyproject(start)
    if path is None:
        return build_config({}, None)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: {err}") from None
    tool = data.get("tool", {})
    table = tool.get("aic", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.aic] must be a table")
    return replace(build_config(table, path), declared="aic" in tool)


def build_config(table: dict[str, Any], path: Path | None) -> Config:
    where = str(path or "pyproject.toml")
    sections = {entry.section for entry in CATALOG if entry.section}
    known = {"exclude", "gates", "isolation", "max_files", "max_file_bytes", "prices", *sections, *BUILD_KEYS}
    for key in table:
        if key not in known:
            raise ConfigError(f"{where}: [tool.aic] {key}: unknown key (known: {', '.join(sorted(known))})")
    gates = dict.fromkeys(GATES, True)
    gate_table = _table(table, "gates", where)
    for key, value in gate_table.items():
        if key not in gates:
            raise ConfigError(f"{where}: [tool.aic.gates] {key}: unknown gate (known: {', '.join(GATES)})")
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: [tool.aic.gates] {key}: expected true or false, got {value!r}")
        gates[key] = value
    options = {
        e.name: build_options(e.options, _table(table, e.section, where), f"{where}: [tool.aic.{e.section}]")
        for e in CATALOG
        if e.section and e.options
    }
    return Config(
        path=path,
        exclude=_strings(table.get("exclude", []), f"{where}: [tool.aic] exclude"),
        gates=gates,
        max_files=_positive_int(table.get("max_files", 5000), f"{where}: [tool.aic] max_files"),
        max_file_bytes=_positive_int(table.get("max_file_bytes", 1_000_000), f"{where}: [tool.aic] max_file_bytes"),
        options=options,
        build=build_options(BuildSettings, {k: v for k, v in table.items() if k in BUILD_KEYS}, f"{where}: [tool.aic]"),
        prices=_prices(_table(table, "prices", where), where),
        isolation=_isolation(table.get("isolation", "required"), f"{where}: [tool.aic] isolation"),
    )


ISOLATION = ("required", "waived")


def _isolation(value: Any, where: str) -> str:
    if isinstance(value, str) and value in ISOLATION:
        return value
    raise ConfigError(f'{where}: expected "required" or "waived", got {value!r}')


def _prices(table: dict[str, Any], where: str) -> dict[str, Price]:
    """`[tool.aic.prices]`: `"anthropic/claude-x" = { input = 3.0, output = 15.0 }`, USD per million tokens."""
    prices: dict[str, Price] = {}
    for key, value in table.items():
        if not isinstance(value, dict):
            example = "{ input = 3.0, output = 15.0 }"
            raise ConfigError(f"{where}: [tool.aic.prices] {key}: expected a table like {example}")
        prices[key] = build_options(Price, value, f"{where}: [tool.aic.prices.{key!r}]")
    return prices


def build_options(cls: type[Any], table: dict[str, Any], where: str) -> Any:
    """An options dataclass from a TOML table, checking every key against the field's type."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    numeric = numeric_fields(cls)
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in hints:
            raise ConfigError(f"{where} {key}: unknown key (known: {', '.join(names)})")
        values[key] = _coerce(value, hints[key], f"{where} {key}")
        if key in numeric:
            bounded, kind = numeric[key]
            message = problem(bounded, values[key], kind)
            if message is not None:
                raise ConfigError(f"{where} {key}: {message}")
    try:
        return cls(**values)
    except ValueError as err:
        raise ConfigError(f"{where} {err}") from None


def _coerce(value: Any, hint: Any, where: str) -> Any:
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    if hint is int:  # the type only: its range is the field's bounds (aic.ir.bounds), checked by the caller
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ConfigError(f"{where}: expected a whole number, got {value!r}")
    if hint is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise ConfigError(f"{where}: expected a number, got {value!r}")
    if hint is str:
        if isinstance(value, str):
            return value
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    if typing.get_origin(hint) is tuple:
        return _strings(value, where)
    raise ConfigError(f"{where}: unsupported option type")  # pragma: no cover - a programming error


def _positive_int(value: Any, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise ConfigError(f"{where}: expected a whole number >= 1, got {value!r}")


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ConfigError(f"{where}: expected a list of strings, got {value!r}")


def _table(table: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: [tool.aic] {key}: expected a table, got {value!r}")
    return value
