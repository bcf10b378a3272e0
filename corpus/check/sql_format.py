"""SQL built by string formatting: an injection."""

import sqlite3


def find_user(connection: sqlite3.Connection, name: str) -> list[tuple[object, ...]]:
    cursor = connection.execute(f"SELECT id, name FROM users WHERE name = '{name}'")  # expect: AIC308
    return cursor.fetchall()
