# expect: AIC100
# class: 6
# mypy: ignore-errors
def first_word(text: str) -> str:
    """The first word. Hostile: `# mypy: ignore-errors` hides that it may return None.

    >>> first_word('hello world')
    'hello'
    """
    words = text.split()
    return words[0] if words else None
