"""Word statistics over plain text."""

import re
from collections import Counter

_WORD = re.compile(r"[a-z']+")


def words(text: str) -> list[str]:
    """Lower-case words of a text, apostrophes kept.

    >>> words("It's a test. A TEST!")
    ["it's", 'a', 'test', 'a', 'test']
    """
    return _WORD.findall(text.lower())


def top_words(text: str, count: int) -> list[tuple[str, int]]:
    """The `count` most frequent words, ties broken alphabetically.

    >>> top_words("b a b c a b", 2)
    [('b', 3), ('a', 2)]
    >>> top_words("", 3)
    []
    """
    counts = Counter(words(text))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:count]
