"""Evaluating what a user types: arbitrary code execution."""


def calculate() -> object:
    expression = input("expression: ")
    return eval(expression)  # expect: AIC301
