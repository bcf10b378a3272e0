"""Clean string helpers whose examples all pass."""

from collections import Counter


def most_common_letter(text: str) -> str:
    """The most frequent letter, ties broken alphabetically.

    >>> most_common_letter("banana")
    'a'
    >>> most_common_letter("abcabc")
    'a'
    """
    counts = Counter(ch for ch in text.lower() if ch.isalpha())
    return min(counts, key=lambda ch: (-counts[ch], ch))


def initials(name: str) -> str:
    """
    >>> initials("ada lovelace")
    'A.L.'
    >>> for part in ["grace", "hopper"]:
    ...     print(initials(part))
    G.
    H.
    """
    return "".join(word[0].upper() + "." for word in name.split())
