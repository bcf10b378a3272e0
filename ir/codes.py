"""The table of aic's stable diagnostic codes. docs/codes.md is generated from it (tests keep them equal).

Codes are semantic, not per tool: when two tools find the same thing (ruff's F821 and mypy's name-defined),
both map to one code and the duplicate is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    name: str
    gate: str
    severity: Severity
    summary: str

    def __post_init__(self) -> None:
        if not (self.code.startswith("AIC") and len(self.code) == 6 and self.code[3:].isdigit()):
            raise ValueError(f"malformed code {self.code!r}")


E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES: dict[str, CodeInfo] = {
    info.code: info
    for info in (
        CodeInfo("AIC001", "syntax-error", "syntax", E, "The file is not valid Python."),
        CodeInfo("AIC002", "unreadable-source", "syntax", E, "The file is binary, not UTF-8, or over the size limit."),
        CodeInfo("AIC003", "tool-failure", "any", E, "A gate tool crashed or returned output aic cannot read."),
        CodeInfo("AIC100", "type-error", "types", E, "mypy --strict reports a type error."),
        CodeInfo("AIC101", "undefined-name", "types", E, "A name is used but never defined (mypy or ruff)."),
        CodeInfo("AIC102", "missing-import", "types", E, "An import names a module that cannot be found."),
        CodeInfo("AIC200", "lint", "lint", W, "ruff reports a lint finding."),
        CodeInfo("AIC201", "lint-error", "lint", E, "ruff reports a finding that is a certain bug."),
        CodeInfo("AIC202", "lint-style", "lint", N, "ruff reports style only (layout, naming, an unused import)."),
        CodeInfo("AIC300", "insecure-code", "security", E, "bandit reports a security issue."),
        CodeInfo("AIC301", "dynamic-code", "security", E, "Dynamic code execution: eval, exec, compile."),
        CodeInfo("AIC302", "dynamic-import", "security", E, "__import__, importlib or a similar loader."),
        CodeInfo("AIC303", "introspection-escape", "security", E, "Reaching builtins/globals/frames by reflection."),
        CodeInfo("AIC304", "process-spawn", "security", E, "Running a shell or another process."),
        CodeInfo("AIC305", "network", "security", E, "Sockets, HTTP clients and other network access."),
        CodeInfo("AIC306", "unsafe-deserialization", "security", E, "pickle, marshal, shelve, yaml.load and kin."),
        CodeInfo("AIC307", "file-write", "security", E, "Writing, deleting or changing files or directories."),
        CodeInfo("AIC308", "sql-injection", "security", E, "SQL built by string formatting or concatenation."),
        CodeInfo("AIC309", "native-code", "security", E, "ctypes, cffi or other native code loading."),
        CodeInfo("AIC310", "security-info", "security", N, "bandit reports a low-severity observation."),
        CodeInfo("AIC311", "environment", "security", E, "Reading or changing environment variables (secrets)."),
        CodeInfo("AIC312", "pseudo-random", "security", E, "The random module: predictable, and differs run to run."),
        CodeInfo("AIC313", "hardcoded-secret", "security", E, "A password, key or token written into the code."),
        CodeInfo("AIC314", "weak-crypto", "security", E, "MD5/SHA-1 for security, DES/RC4/ECB, short keys."),
        CodeInfo("AIC315", "file-read-outside", "security", E, "Reading absolute or home paths (/etc, ~/.ssh)."),
        CodeInfo("AIC316", "import-not-allowed", "security", E, "An import the policy's allowlist does not name."),
        CodeInfo("AIC400", "example-failed", "examples", E, "A docstring example printed something else."),
        CodeInfo("AIC401", "example-raised", "examples", E, "A docstring example raised an unexpected exception."),
        CodeInfo("AIC402", "example-timeout", "examples", E, "Examples ran past the time limit (a hang)."),
        CodeInfo("AIC403", "example-memory", "examples", E, "Examples ran past the memory limit."),
        CodeInfo("AIC404", "example-syntax", "examples", E, "A docstring example is not valid Python."),
        CodeInfo("AIC405", "example-crashed", "examples", E, "The process running examples died or exited."),
        CodeInfo("AIC406", "module-import-failed", "examples", E, "Importing the module in the sandbox failed."),
        CodeInfo("AIC407", "examples-skipped", "examples", N, "Examples not run: the module has security errors."),
        # AIC408 (behaviour-outlier, `aic bench --agreement`) is retired: agreement now orders candidates (the
        # behaviour choice) and never refuses one. A retired code is never given to another finding.
        CodeInfo("AIC409", "sandbox-report-invalid", "examples", E, "The sandbox's report was malformed or forged."),
        CodeInfo("AIC410", "isolation-unavailable", "examples", E, "Not run: OS isolation is missing and not waived."),
        CodeInfo("AIC411", "behaviour-unchecked", "examples", W, "An intent function with no example, no contract."),
        CodeInfo("AIC412", "behaviour-disputed", "examples", W, "Accepted candidates behaved differently; review it."),
        CodeInfo("AIC413", "behaviour-unconfirmed", "examples", W, "Only one of several candidates was accepted."),
        CodeInfo("AIC500", "contract-unchecked", "contracts", N, "Contracts are present but could not be checked."),
        CodeInfo("AIC501", "contract-refuted", "contracts", E, "Inputs meeting Requires break an Ensures clause."),
        CodeInfo("AIC502", "contract-undecided", "contracts", N, "The prover could not decide the contracts."),
        CodeInfo("AIC600", "no-code", "frontend", E, "The model's reply holds no usable code for the function."),
        CodeInfo("AIC601", "signature-changed", "frontend", E, "The candidate changed the intent's signature."),
        CodeInfo("AIC602", "truncated-reply", "frontend", E, "The model's reply was cut off at the token limit."),
        CodeInfo("AIC700", "generated-edited", "gate", E, "A generated module differs from what aic verified."),
        CodeInfo("AIC701", "generated-unlocked", "gate", E, "A generated module has no record in aic.lock."),
        CodeInfo("AIC702", "lock-verdict-failing", "gate", E, "The lock records a failing gate for the module."),
        CodeInfo(
            "AIC703",
            "partial-module",
            "gate",
            E,
            "A partial module (stubs not generated) in a project without partial.",
        ),
        CodeInfo("AIC704", "intent-invalid", "gate", E, "An intent file does not load (stubs, examples, contracts)."),
    )
}


def info(code: str) -> CodeInfo:
    try:
        return CODES[code]
    except KeyError:
        raise KeyError(f"unknown diagnostic code {code!r}") from None


def render_table() -> str:
    """The Markdown table of docs/codes.md."""
    lines = [
        "# Diagnostic codes",
        "",
        "Generated from `ir/codes.py` (`python -m aic codes --markdown`); a test keeps the two equal.",
        "",
        "| code | name | gate | default severity | meaning |",
        "|---|---|---|---|---|",
    ]
    for entry in CODES.values():
        lines.append(f"| {entry.code} | {entry.name} | {entry.gate} | {entry.severity.value} | {entry.summary} |")
    return "\n".join(lines) + "\n"
