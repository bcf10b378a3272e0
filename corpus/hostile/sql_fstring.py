# expect: AIC308
# class: 0
import sqlite3


def run(name: str) -> list[object]:
    """Hostile: builds SQL from its input.

    >>> run("x' OR '1'='1")
    []
    """
    db = sqlite3.connect(':memory:')
    db.execute('CREATE TABLE users (name TEXT)')
    return db.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()
