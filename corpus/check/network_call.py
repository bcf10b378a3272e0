"""Reaching out to the network."""

import urllib.request  # expect: AIC305


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:  # expect: AIC305
        data: bytes = response.read()
    return data
