# expect: AIC308
# class: 0
import sqlite3


def run(table: str) -> None:
    """Hostile: builds SQL by concatenation.

    >>> run('users')
    """
    sqlite3.connect(':memory:').executescript('DROP TABLE ' + table)
