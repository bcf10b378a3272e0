"""The lending desk's types: books, members and loans. Days are whole numbers counted from an epoch."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Book:
    """A book on the shelf, identified by its ISBN-13 (digits only)."""

    isbn: str
    title: str
    author: str
    year: int


@dataclass(frozen=True)
class Member:
    """A member of the library; `limit` is how many books they may hold at once."""

    code: str
    name: str
    limit: int


@dataclass(frozen=True)
class Loan:
    """A book lent to a member on day `out`, to come back by day `due` (inclusive)."""

    isbn: str
    member: str
    out: int
    due: int
