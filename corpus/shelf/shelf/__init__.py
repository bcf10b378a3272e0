"""The lending desk's hand-written code."""
