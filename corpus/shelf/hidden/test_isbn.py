"""Hidden tests of the shelf corpus project (lending.isbn): never shown to the model, run against what aic emitted.
Each test's name starts with `test_<function>__`, so benchmarks/project_context.py can score functions."""

import pytest

from lending.isbn import clean_isbn, isbn10_ok, isbn13_ok, to_isbn13


def test_clean_isbn__keeps_digits_and_final_x() -> None:
    assert clean_isbn("978 0 306 40615 7") == "9780306406157"
    assert clean_isbn("0-8044-2957-x") == "080442957X"
    assert clean_isbn("") == ""


def test_isbn10_ok__checks_length_and_sum() -> None:
    assert isbn10_ok("0-8044-2957-X") and isbn10_ok("0306406152")
    assert not isbn10_ok("030640615") and not isbn10_ok("03064061522")
    assert not isbn10_ok("X306406152")  # X only last
    assert not isbn10_ok("abcdefghij")


def test_isbn13_ok__checks_length_and_sum() -> None:
    assert isbn13_ok("9780306406157") and isbn13_ok("978-1-86197-876-9")
    assert not isbn13_ok("978030640615") and not isbn13_ok("978030640615X")
    assert not isbn13_ok("0306406152")


def test_to_isbn13__converts_and_refuses() -> None:
    assert to_isbn13("1-86197-876-6") == "9781861978769"
    assert to_isbn13("080442957X") == "9780804429573"
    for bad in ("0306406153", "123", "9780306406158"):
        with pytest.raises(ValueError):
            to_isbn13(bad)
