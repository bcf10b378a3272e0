"""Prompts: what the model is told about the function to write, and what it is told when a gate refused it."""

from __future__ import annotations

import textwrap

from aic.backends import Message
from aic.generate.classes import outline
from aic.generate.intents import IntentModule
from aic.ir import Diagnostic, Function

SYSTEM = (
    "You are an expert Python programmer. You write correct, simple Python 3.11 that passes mypy --strict: "
    "every function you write, helpers included, has type annotations on all parameters and the return. You "
    "use only the standard library. You never read input, print, touch files, use the network, start "
    "processes, or call eval or exec."
)


def stub(intent: IntentModule, function: Function) -> str:
    """The function exactly as the intent writes it (signature, docstring, `...`); a method as a `def` of its
    own (the model writes it without its class, as aic.generate.reply reads it)."""
    lines = intent.module.source.splitlines()[function.span.line - 1 : function.span.end_line]
    return textwrap.dedent("\n".join(lines) + "\n")


def _others(intent: IntentModule, function: Function, form: str) -> list[str]:
    """The module's other functions, as `form` shows one (methods are shown in their classes)."""
    return [
        form.format(signature=f.signature, summary=_summary(f))
        for f in intent.functions
        if f.qualname != function.qualname and intent.owner(f) is None
    ]


def _classes(intent: IntentModule, function: Function) -> str:
    """The intent's classes as the model is shown them: their own code, the other methods' signatures."""
    summaries = {f.qualname: f"{f.signature}: ...  # {_summary(f)}" for f in intent.functions}
    return "\n".join(outline(cls, summaries, function.qualname) for cls in intent.classes)


def generate(
    intent: IntentModule, function: Function, show_stub: bool = True, context: str = ""
) -> tuple[Message, ...]:
    """The first prompt in the "aic" style. Without `show_stub` the stub is left for the reply's opening (see
    `opening`); `context`: stubs of the project code the module imports (aic.generate.context)."""
    others = _others(intent, function, "{signature}: ...  # {summary}")
    owner = intent.owner(function)
    what = f"the method `{function.name}` of the class `{owner.name}`" if owner else f"the function `{function.name}`"
    parts = [f"Write the body of {what} in the module `{intent.name}`."]
    if intent.description:
        parts.append(f"The module: {intent.description}")
    if intent.header:
        parts.append("The module starts with:\n```python\n" + "\n".join(intent.header) + "\n```")
    if context:
        parts.append(f"{CONTEXT}\n{context}")
    if intent.classes:
        parts.append(f"The module's classes:\n```python\n{_classes(intent, function)}```")
    if others:
        parts.append("Other functions of the module, which you may call:\n```python\n" + "\n".join(others) + "\n```")
    whole = "the complete method as a `def` taking `self`, without its class" if owner else "the complete function"
    instructions = (
        "Keep the signature exactly as written. The examples in the docstring must hold. Reply with one "
        f"```python block holding {whole} (and any imports it needs), nothing else."
    )
    parts.append(instructions + (f"\n```python\n{stub(intent, function)}```" if show_stub else ""))
    return (Message("system", SYSTEM), Message("user", "\n\n".join(parts)))


CONTEXT = "The project code the module imports (stubs; use these names, fields and signatures exactly):"
PLAIN = "Complete the following Python function. Return the complete function (with its imports) in a single"
PLAN = (
    "First write a short plan, in numbered steps, of how the function works, checking it against the examples "
    "in the docstring. Then return the complete function (with its imports) in a single ```python code block."
)


def ask(intent: IntentModule, function: Function, style: str, prefill: bool, context: str = "") -> tuple[Message, ...]:
    """The first prompt for one candidate in `style`, before any opening (`prefilled` says whether one
    follows, see `opening`); only the "aic" style is prefilled, where the backend allows. Every style is shown
    the same `context`."""
    if style == "aic":
        return generate(intent, function, show_stub=not prefill, context=context)
    request = f"{PLAIN} ```python code block." if style == "plain" else PLAN
    shown = f"{CONTEXT}\n{context}\n\n" if context else ""
    return (Message("user", f"{shown}{request}\n```python\n{module_stub(intent, function)}```"),)


def prefilled(style: str, prefill: bool) -> bool:
    """Whether a first prompt in `style` ends in an opening the reply continues."""
    return prefill and style == "aic"


def module_stub(intent: IntentModule, function: Function) -> str:
    """The function's stub as code within its module: the header, the other functions' signatures."""
    others = _others(intent, function, "{signature}:\n    ...  # {summary}\n")
    header = "".join(f"{line}\n" for line in intent.header)
    classes = f"{_classes(intent, function)}\n" if intent.classes else ""
    return (header + "\n" if header else "") + classes + "".join(f"{o}\n" for o in others) + stub(intent, function)


PROPOSE_SYSTEM = (
    "You are an expert Python tester. You write inputs for a function, never its expected outputs: calls of "
    "the function on literal arguments only (numbers, strings, lists, tuples, dicts, True, False, None)."
)


def propose(intent: IntentModule, function: Function, count: int = 8) -> tuple[Message, ...]:
    """The prompt asking for probe inputs: calls only (a small model's predicted outputs hurt more than they
    help), so candidates can be compared on them (see aic.generate.pool)."""
    ask = (
        f"Write {count} different calls of `{function.name}` that a correct implementation must handle: typical "
        "cases, edge cases and larger inputs. One call per line, in one ```python block, literal arguments "
        "only; no expected outputs, no asserts, no other code."
    )
    return (Message("system", PROPOSE_SYSTEM), Message("user", f"{ask}\n```python\n{stub(intent, function)}```"))


def proposed_calls(text: str) -> list[str]:
    """The lines of a proposal reply that may be calls (aic.verifiers.probes keeps the ones that are)."""
    return [line.strip() for line in text.splitlines() if "(" in line and not line.lstrip().startswith("#")]


def opening(intent: IntentModule, function: Function) -> str:
    """The start of the reply aic writes for the model where the backend allows: the exact signature and the
    docstring, so that the model writes only the body (reading the prefill costs far less than generating it,
    and the signature cannot drift)."""
    return "```python\n" + stub(intent, function).rstrip().removesuffix("...").rstrip() + "\n"


def with_opening(messages: tuple[Message, ...], intent: IntentModule, function: Function) -> tuple[Message, ...]:
    return (*messages, Message("assistant", opening(intent, function)))


def complete_reply(text: str, intent: IntentModule, function: Function) -> str:
    """A prefilled reply as one text, whether or not the backend repeated the opening."""
    start = opening(intent, function)
    return text if text.lstrip().startswith(start.strip()[:40]) else start + text


def repair(
    history: tuple[Message, ...], reply: str, diagnostics: list[Diagnostic], function: Function
) -> tuple[Message, ...]:
    lines = [f"- {_describe(d, function)}" for d in diagnostics[:8]]
    feedback = (
        "aic checked your function and refused it:\n" + "\n".join(lines) + "\n\nFix these problems. Keep the "
        "signature exactly as written. Reply with the complete corrected function in one ```python block."
    )
    return (*history, Message("assistant", reply), Message("user", feedback))


def _describe(diagnostic: Diagnostic, function: Function) -> str:
    line = diagnostic.span.line - function.span.line + 1
    where = f"line {line} of the function" if 1 <= line <= function.span.end_line - function.span.line + 1 else ""
    notes = "; ".join(diagnostic.notes[:2])
    text = f"{diagnostic.code} ({diagnostic.tool}) {where}: {diagnostic.message}"
    return text + (f" ({notes})" if notes else "")


def _summary(function: Function) -> str:
    first = (function.docstring or "").strip().splitlines()
    return first[0] if first else ""
