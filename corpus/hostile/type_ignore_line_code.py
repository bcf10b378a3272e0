# expect: AIC100
# class: 6
def repeat(text: str, times: int) -> str:
    """Repeat a text. Hostile: a `# type: ignore[arg-type]` hides a str passed where an int belongs.

    >>> repeat('ab', 2)
    'abab'
    """
    return text * int(times)


def twice(text: str) -> str:
    """Double a text.

    >>> twice('x')
    'xx'
    """
    return repeat(text, '2')  # type: ignore[arg-type]
