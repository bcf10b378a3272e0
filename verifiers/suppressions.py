"""Suppression comments that code under check could use to switch its own type checks off.

ruff (`--ignore-noqa`) and bandit (`ignore_nosec`) have a switch that makes their suppressions inert; mypy has
none, so it is given a copy of each module in which its directives are blanked out.
"""

from __future__ import annotations

import functools
import io
import re
import tokenize

# A comment segment that mypy reads as a directive: `# type: ignore` (with or without [codes], line- or
# file-level, also after a type comment: `# type: int  # type: ignore`) and any `# mypy:` inline configuration.
# Looser than mypy itself (any case, any whitespace, anywhere in the comment): blanking a comment that mypy would
# not have obeyed changes nothing. `ignore` followed by a letter or digit is a type name, as it is for CPython.
_DIRECTIVE = re.compile(r"#\s*(?:type\s*:\s*ignore(?![^\W_])|mypy\s*:)", re.IGNORECASE)


def blank_mypy_suppressions(text: str) -> str:
    """`text` with every mypy suppression comment replaced by spaces of the same length.

    Only comment tokens are touched, so a string holding "# type: ignore" stays as it is; lines and columns stay
    where they were, so mypy's findings on the copy are findings on `text`. A type comment that is not an ignore
    (`x = []  # type: list[int]`) is kept; only an ignore after it is blanked.
    """
    if _DIRECTIVE.search(text) is None:
        return text  # the usual case, without tokenizing
    lines = io.StringIO(text, newline="").readlines()  # split where Python splits: \n, \r\n and a lone \r
    try:
        tokens = tokenize.generate_tokens(functools.partial(next, iter(lines), ""))
        comments = [token.start for token in tokens if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        # Fail closed: on text tokenize cannot read, blank every match, even in a string (mypy then reports the
        # broken line) rather than leave a directive in force.
        comments = [(row, 0) for row in range(1, len(lines) + 1)]
    for row, column in comments:
        line = lines[row - 1]
        match = _DIRECTIVE.search(line, column)
        if match is not None:
            end = len(line.rstrip("\r\n"))  # a comment runs to the end of its line
            lines[row - 1] = line[: match.start()] + " " * (end - match.start()) + line[end:]
    return "".join(lines)
