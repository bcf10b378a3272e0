# expect: AIC100
# class: 6
# mypy: disable-error-code="return-value, arg-type"
def count(text: str) -> int:
    """Number of characters. Hostile: switches off the error codes that would report its lie.

    >>> count('abc')
    '3'
    """
    return str(len(text))
