"""A scripted backend for tests: canned replies in order, and a record of every request."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from aic.backends import BackendError, Message, Reply, Request


class ScriptedBackend:
    name = "scripted"
    model = "scripted-model"
    digest = "scripted-model"
    prefill = False

    def __init__(self, replies: list[str], finish_reason: str = "stop") -> None:
        self.replies = list(replies)
        self.requests: list[Request] = []
        self.finish_reason = finish_reason
        self.closed = False

    def complete(self, request: Request) -> Reply:
        self.requests.append(request)
        if not self.replies:
            raise BackendError("the scripted backend ran out of replies")
        text = self.replies.pop(0)
        return Reply(text, self.finish_reason, prompt_tokens=100, completion_tokens=len(text) // 4, seconds=0.01)

    def close(self) -> None:
        self.closed = True


def asked_function(messages: Sequence[Message]) -> str | None:
    """The function a prompt asks for, whatever its style: aic's names it (the function `f`), the plain and plan
    styles show it as the module's last stub."""
    text = "".join(m.content for m in messages)
    named = re.search(r"function `(\w+)`", text)
    if named is not None:
        return named.group(1)
    stubs = re.findall(r"^def (\w+)\(", text, re.MULTILINE)
    return stubs[-1] if stubs else None


def run_emitted_tests(project: Path) -> subprocess.CompletedProcess[str]:
    """The pytest files aic emitted for a project, run as a user would run them."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)


def fenced(code: str) -> str:
    return f"Here is the function:\n\n```python\n{code.strip()}\n```\n\nIt works."
