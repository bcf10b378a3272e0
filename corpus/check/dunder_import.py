"""Importing a module by a computed name."""


def load(name: str) -> object:
    return __import__(name)  # expect: AIC302
