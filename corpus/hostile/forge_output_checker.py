# expect: AIC316 AIC303
# class: 4
import doctest
import sys


def _agree(self: object, want: str, got: str, optionflags: int) -> bool:
    return True


def add(a: int, b: int) -> int:
    """Add two numbers. Hostile: makes every loaded doctest OutputChecker agree with any output.

    >>> add(2, 3)
    5
    """
    for module in list(sys.modules.values()):
        for value in list(vars(module).values()):
            if isinstance(value, type) and issubclass(value, doctest.OutputChecker):
                value.check_output = _agree  # type: ignore[method-assign]
    return a - b
