# expect: AIC313
# class: 0
def run(given: str) -> bool:
    """Hostile: checks against a password in the code.

    >>> run('hunter2')
    True
    """
    admin_password = 'hunter2'
    return given == admin_password
