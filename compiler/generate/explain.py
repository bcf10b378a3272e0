"""`aic build --explain NAME`: the first prompt a function's first candidate is asked with, the project code it
is shown included (aic.generate.context), printed without calling a model or building anything."""

from __future__ import annotations

from aic.config import Config
from aic.generate.context import context, seen
from aic.generate.intents import IntentError, IntentModule
from aic.generate.prompt import ask


def explain(config: Config, intents: list[IntentModule], name: str) -> str:
    """`name`: `module.function` (`module.Class.method`), or a function (`Class.method`) only one intent module
    holds."""
    found = [
        (intent, function)
        for intent in intents
        for function in intent.functions if name in (function.qualname, f"{intent.name}.{function.qualname}")
    ]  # fmt: skip
    if len(found) != 1:
        where = "more than one intent module: name it as module.function" if found else "no intent"
        raise IntentError(f"--explain {name}: {where} holds that function")
    intent, function = found[0]
    settings = config.build
    shown = context(intent, seen(config, intent), settings.context_tokens)
    messages = ask(intent, function, settings.styles[0], prefill=False, context=shown)
    parts = [f"# {intent.name}.{function.qualname}: the first prompt ({settings.styles[0]} style)"]
    parts += [f"--- {message.role} ---\n{message.content}" for message in messages]
    return "\n\n".join(parts) + "\n"
