# expect: AIC201
# class: 6
# flake8: noqa
def checked_div(a: int, b: int) -> float:
    """Divide, checking the divisor. Hostile: `# flake8: noqa` hides an assert that is always true.

    >>> checked_div(6, 3)
    2.0
    """
    assert (b != 0, 'division by zero')
    return a / b
