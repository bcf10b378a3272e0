"""The lending desk: the books it holds and the loans it has made."""

from dataclasses import dataclass, field

from lending.isbn import to_isbn13
from shelf.types import Book, Loan


@dataclass
class Desk:
    """A desk's books by ISBN-13 and its loans out (at most one per book)."""

    books: dict[str, Book] = field(default_factory=dict)
    loans: dict[str, Loan] = field(default_factory=dict)

    def add(self, book: Book) -> str:
        """Shelve `book` under the ISBN-13 of its ISBN (`to_isbn13`), replacing a book with the same one, and
        return that ISBN-13.

        >>> desk = Desk()
        >>> desk.add(Book("0-306-40615-2", "Signals", "Ada", 1990))
        '9780306406157'
        >>> sorted(desk.books)
        ['9780306406157']
        """
        ...

    def lend(self, isbn: str, member: str, today: int, days: int) -> Loan | None:
        """Lend the book with ISBN-13 `isbn` to `member` for `days` days from `today` (due on today + days);
        None when the desk does not hold it or it is already lent.

        >>> desk = Desk({"1": Book("1", "T", "A", 2000)})
        >>> desk.lend("1", "m1", 3, 14)
        Loan(isbn='1', member='m1', out=3, due=17)
        >>> desk.lend("1", "m2", 4, 14) is None
        True
        """
        ...

    def give_back(self, isbn: str, today: int) -> int:
        """End the loan of `isbn` and return how many days late it came back (0 when on time). Raises KeyError
        when the book is not lent.

        >>> desk = Desk({"1": Book("1", "T", "A", 2000)})
        >>> _ = desk.lend("1", "m1", 0, 7)
        >>> desk.give_back("1", 9)
        2
        >>> "1" in desk.loans
        False
        """
        ...

    def available(self) -> list[str]:
        """The ISBNs of the books not lent, sorted.

        >>> desk = Desk({"2": Book("2", "T", "A", 2000), "1": Book("1", "U", "B", 2001)})
        >>> _ = desk.lend("2", "m1", 0, 7)
        >>> desk.available()
        ['1']
        """
        ...
