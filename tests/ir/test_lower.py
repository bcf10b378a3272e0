from __future__ import annotations

import pytest

from aic.ir import ContractKind, ParamKind, SourceSyntaxError, parse_module

SOURCE = '''\
"""Module doc."""
import os
from collections import abc as c


def add(a: int, /, b: int = 2, *rest: int, scale: float, **kw: str) -> float:
    """Add things.

    Requires: a >= 0
    Ensures: result >= a

    >>> add(1, scale=1.0)
    3.0
    >>> for i in range(2):
    ...     print(i)
    0
    1
    """
    return (a + b) * scale


class Box:
    async def get(self) -> None:
        def inner() -> None:
            pass
'''


def test_functions_signatures_and_params() -> None:
    module = parse_module("m.py", SOURCE)
    assert [f.qualname for f in module.functions] == ["add", "Box.get", "Box.get.<locals>.inner"]
    add = module.function("add")
    assert add.signature == "def add(a: int, /, b: int = 2, *rest: int, scale: float, **kw: str) -> float"
    assert [(p.name, p.kind) for p in add.params] == [
        ("a", ParamKind.POSITIONAL_ONLY),
        ("b", ParamKind.POSITIONAL),
        ("rest", ParamKind.VAR_POSITIONAL),
        ("scale", ParamKind.KEYWORD_ONLY),
        ("kw", ParamKind.VAR_KEYWORD),
    ]
    assert add.params[1].default == "2"
    assert add.returns == "float"
    assert module.function("Box.get").is_async
    assert module.imports == ("os", "collections")
    assert module.docstring == "Module doc."


def test_examples_and_contracts_are_located_in_the_file() -> None:
    add = parse_module("m.py", SOURCE).function("add")
    first, second = add.examples
    assert (first.source, first.want, first.span.line, first.span.column) == ("add(1, scale=1.0)\n", "3.0\n", 12, 5)
    assert second.source == "for i in range(2):\n    print(i)\n"
    assert second.want == "0\n1\n"
    assert SOURCE.splitlines()[second.span.line - 1].strip().startswith(">>> for")
    kinds = [(c.kind, c.expr, c.span.line) for c in add.contracts]
    assert kinds == [(ContractKind.REQUIRES, "a >= 0", 9), (ContractKind.ENSURES, "result >= a", 10)]


@pytest.mark.parametrize(
    ("source", "line"),
    [("def f(:\n    pass\n", 1), ("x = 1\nreturn x\n", 2), ("def f():\n  x = 1\n    y = 2\n", 3)],
)
def test_syntax_errors_are_located(source: str, line: int) -> None:
    with pytest.raises(SourceSyntaxError) as caught:
        parse_module("bad.py", source)
    assert caught.value.span.line == line
    assert caught.value.span.file == "bad.py"


def test_null_byte_is_a_syntax_error_not_a_crash() -> None:
    with pytest.raises(SourceSyntaxError):
        parse_module("nul.py", "x = 1\0\n")


NESTED = """\
import sys

try:
    def t1() -> None: ...
except ValueError:
    def t2() -> None: ...
else:
    def t3() -> None: ...
finally:
    def t4() -> None: ...
if sys.platform == "x":
    def i1() -> None: ...
elif sys.platform == "y":
    def i2() -> None: ...
else:
    def i3() -> None: ...
for _ in range(1):
    def f1() -> None: ...
else:
    def f2() -> None: ...
with open("x") as h:
    def w1() -> None: ...
match sys.argv:
    case []:
        def m1() -> None: ...
    case _:
        def m2() -> None: ...


@staticmethod
def decorated() -> None:
    '''
    >>> 1
    1
    '''
"""


def test_functions_in_every_kind_of_block_are_found_in_source_order() -> None:
    module = parse_module("n.py", NESTED)
    names = [f.name for f in module.functions]
    assert names == ["t1", "t2", "t3", "t4", "i1", "i2", "i3", "f1", "f2", "w1", "m1", "m2", "decorated"]
    for function in module.functions:
        assert NESTED.splitlines()[function.span.line - 1].lstrip().startswith(f"def {function.name}")
    (example,) = module.function("decorated").examples
    assert NESTED.splitlines()[example.span.line - 1].strip() == ">>> 1"


PROSE = '''\
def f(x: int) -> float:
    """Double it.

    For example:
    f(2) == 4.0
    - f(3) ➞ 6.
    f(1) -> "two"
    g(1) == 3
    f(x) == something
    >>> f(5)
    10
    """
    return x * 2
'''


def test_prose_examples_are_read_in_place() -> None:
    examples = parse_module("p.py", PROSE).function("f").examples
    assert [(e.span.line, e.prose, e.want) for e in examples] == [
        (5, "f(2) == 4.0", "4.0\n"),
        (6, "- f(3) ➞ 6.", "6\n"),
        (7, 'f(1) -> "two"', "'two'\n"),
        (10, None, "10\n"),
    ]


def test_prose_examples_need_literal_arguments() -> None:
    source = (
        'def f(s: str) -> bool:\n    """Doc.\n\n    f(a) => False\n    f("a") => False\n    """\n    return False\n'
    )
    (example,) = parse_module("p.py", source).function("f").examples
    assert example.prose == 'f("a") => False'


def test_a_comparison_example_without_output_claims_true() -> None:
    source = (
        'def f(x: int) -> int:\n    """Doc.\n\n    >>> f(2) == 4\n    >>> f(3)\n    >>> f(1) == 2\n    False\n    """\n'
        "    return x * 2\n"
    )
    examples = parse_module("p.py", source).function("f").examples
    assert [(e.source, e.want) for e in examples] == [
        ("f(2) == 4\n", "True\n"),  # the author states it holds; doctest would want no output at all
        ("f(3)\n", ""),  # not a comparison: nothing is claimed
        ("f(1) == 2\n", "False\n"),  # an output line, as written, wins
    ]


NAMED = '''
def pick(lst: list[int], k: int = 1) -> int:
    """Doc.

    pick([1, 2]) returns 1
    pick([2, 3], 2)   # returns 3
    For lst = [3, 4], k = 2 the output should be 4.
    For lst = [5], the sum will be 5 the output should be 5
    For xs = [1] the output should be 1
    Input: lst = [7, 8]
    Output: 7  # the first
    """
    return lst[k - 1]


def one(n: int) -> int:
    """Doc.

    Input: 5
    Output: 6
    """
    return n + 1
'''


def test_prose_examples_in_words_name_the_parameters() -> None:
    module = parse_module("p.py", NAMED)
    pick = [(e.span.line, e.source.split(";")[0], e.want) for e in module.function("pick").examples]
    assert pick == [
        (5, "_aic_got = pick([1, 2])", "1\n"),
        (6, "_aic_got = pick([2, 3], 2)", "3\n"),
        (7, "_aic_got = pick(lst=[3, 4], k=2)", "4\n"),
        # words between the arguments and the output, or a name that is not a parameter: not an example
        (10, "_aic_got = pick(lst=[7, 8])", "7\n"),
    ]
    assert module.function("pick").examples[-1].prose == "Input: lst = [7, 8] / Output: 7  # the first"
    (example,) = module.function("one").examples
    assert example.source.startswith("_aic_got = one(5);") and example.want == "6\n"
