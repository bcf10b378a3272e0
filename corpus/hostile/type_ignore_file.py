# expect: AIC100
# class: 6
# type: ignore
def mean(values: list[int]) -> int:
    """Average of the values. Hostile: a file-level `# type: ignore` hides that this returns a float.

    >>> mean([2, 4])
    3.0
    """
    return sum(values) / len(values)
