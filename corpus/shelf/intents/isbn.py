"""ISBN handling: the desk accepts ISBN-10 and ISBN-13 as typed by people and keeps ISBN-13 digits only."""


def clean_isbn(text: str) -> str:
    """The ISBN with spaces and hyphens removed and a final lowercase `x` made uppercase.

    >>> clean_isbn("0-306-40615-2")
    '0306406152'
    >>> clean_isbn(" 080442957x ")
    '080442957X'
    """
    ...


def isbn10_ok(text: str) -> bool:
    """Whether the cleaned text is a valid ISBN-10: nine digits then a digit or `X` (worth 10), where the sum
    of each character's value times its weight (10 for the first down to 1 for the last) is divisible by 11.

    >>> isbn10_ok("0-306-40615-2")
    True
    >>> isbn10_ok("0306406153")
    False
    >>> isbn10_ok("080442957X")
    True
    """
    ...


def isbn13_ok(text: str) -> bool:
    """Whether the cleaned text is a valid ISBN-13: thirteen digits whose sum, with weights alternating 1 and
    3 from the first digit, is divisible by 10.

    >>> isbn13_ok("978-0-306-40615-7")
    True
    >>> isbn13_ok("9780306406158")
    False
    """
    ...


def to_isbn13(text: str) -> str:
    """The ISBN-13 of a valid ISBN-10 or ISBN-13 (cleaned first): an ISBN-10 gets the prefix 978 and a new
    check digit; a valid ISBN-13 is returned cleaned. Raises ValueError for anything else.

    >>> to_isbn13("0-306-40615-2")
    '9780306406157'
    >>> to_isbn13("978-0-306-40615-7")
    '9780306406157'
    """
    ...
