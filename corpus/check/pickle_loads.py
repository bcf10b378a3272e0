"""Unpickling untrusted bytes runs arbitrary code."""

import pickle  # expect: AIC306


def restore(blob: bytes) -> object:
    return pickle.loads(blob)  # expect: AIC306
