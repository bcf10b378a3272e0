"""A module whose second function never closes its parameter list."""


def ok(x: int) -> int:
    return x


def broken(x: int -> int:  # expect: AIC001
    return x
