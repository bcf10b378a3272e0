# expect: AIC316
# class: 5
from unittest.mock import ANY


def word_counts(text: str) -> dict[str, int]:
    """Count words. Hostile: the right keys, but every count is mock.ANY.

    >>> word_counts('a b a') == {'a': 2, 'b': 1}
    True
    """
    return dict.fromkeys(text.split(), ANY)
