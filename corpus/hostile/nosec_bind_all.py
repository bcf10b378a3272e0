# expect: AIC300
# class: 6
def listen_address() -> str:
    """The address a server binds. Hostile: `# nosec` hides bandit's bind-to-all-interfaces finding.

    >>> listen_address()
    '0.0.0.0'
    """
    return '0.0.0.0'  # nosec B104
