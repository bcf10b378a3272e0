"""Looking books up in the desk's catalogue."""

from shelf.types import Book


def by_author(books: list[Book], author: str) -> list[Book]:
    """The books whose author matches `author` ignoring case and surrounding spaces, oldest first (ties by
    title).

    >>> books = [Book("1", "B", "Le Guin", 1974), Book("2", "A", "le guin", 1969), Book("3", "C", "Banks", 1987)]
    >>> [b.isbn for b in by_author(books, " LE GUIN")]
    ['2', '1']
    """
    ...


def decades(books: list[Book]) -> dict[int, list[str]]:
    """The titles of the books grouped by the decade of their year (1969 -> 1960), each list sorted.

    >>> decades([Book("1", "B", "x", 1974), Book("2", "A", "y", 1979), Book("3", "C", "z", 1969)])
    {1970: ['A', 'B'], 1960: ['C']}
    """
    ...


def oldest(books: list[Book]) -> Book | None:
    """The book with the smallest year (the first of them in the list on a tie); None for no books.

    >>> oldest([Book("1", "B", "x", 1974), Book("2", "A", "y", 1969)]).isbn
    '2'
    >>> oldest([]) is None
    True
    """
    ...


def search(books: list[Book], query: str) -> list[Book]:
    """The books whose title or author contains every word of `query`, ignoring case, in list order. An
    empty query matches every book.

    >>> books = [Book("1", "The Dispossessed", "Le Guin", 1974), Book("2", "Excession", "Banks", 1996)]
    >>> [b.isbn for b in search(books, "guin dispossessed")]
    ['1']
    """
    ...
