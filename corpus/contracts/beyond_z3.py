"""Functions outside the prover's subset (strings, floats, indexing): a derandomised property test decides."""


def shout(text: str) -> str:  # expect: refuted
    """The text in capitals, one letter for one (but upper() turns some letters into two).

    Ensures: len(result) == len(text)
    """
    return text.upper()


def leading_digit(n: int) -> int:  # expect: refuted
    """The first decimal digit of n (wrong from 1000 on: it divides instead of reading the digit).

    Requires: 0 <= n <= 100000
    Ensures: 0 <= result <= 9
    """
    return int(str(n)[0]) if n < 1000 else n // 100


def leading_digit_fixed(n: int) -> int:  # expect: undecided
    """The first decimal digit of n.

    Requires: 0 <= n <= 100000
    Ensures: 0 <= result <= 9
    """
    return int(str(n)[0])


def scale(amount: float, factor: float) -> float:  # expect: undecided
    """amount times a non-negative factor keeps amount's sign or is zero.

    Requires: factor >= 0
    Ensures: result == 0 or (result > 0) == (amount > 0)
    """
    return amount * factor
