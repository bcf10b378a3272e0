"""Writing to the file system."""


def save(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:  # expect: AIC307
        handle.write(text)
