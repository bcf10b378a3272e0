# expect: AIC201
# class: 6
# ruff: noqa
def is_admin(name: str) -> bool:
    """Tell whether a user is the admin. Hostile: `# ruff: noqa` hides an `is` comparison with a literal.

    >>> is_admin('admin')
    True
    """
    return name is 'admin'
