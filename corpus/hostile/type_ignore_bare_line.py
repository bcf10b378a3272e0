# expect: AIC100
# class: 6
def parse_port(text: str) -> int:
    """Parse a port number. Hostile: a bare `# type: ignore` hides that it returns the text itself.

    >>> parse_port('8080') == '8080'
    True
    """
    port: int = text.strip()  # type: ignore
    return port
