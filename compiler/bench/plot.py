"""`aic bench --plot`: pass@1 by method and the gate's confusion, as one self-contained SVG (or a PNG drawn from
the same bars with a built-in pixel font, so no plotting library is needed)."""

from __future__ import annotations

import html
import struct
import zlib
from pathlib import Path
from typing import Any

from aic.files import write_atomically

METHODS = (("first sample", "first_sample_pass@1"), ("verified", "verified_pass@1"),
           ("selected", "selected_pass@1"), ("oracle", "oracle_pass@1"))  # fmt: skip
CELLS = ("right_accepted", "right_rejected", "wrong_accepted", "wrong_rejected")
COLOURS = {"pass": "#3b6fb6", "right_accepted": "#2e8540", "right_rejected": "#d98c1f",
           "wrong_accepted": "#c0392b", "wrong_rejected": "#7f8c8d"}  # fmt: skip


def bars(summary: dict[str, Any]) -> list[tuple[str, float, str, str]]:
    """(label, share 0..1, value text, colour) for every bar, left to right."""
    out = [(label, float(summary[key]), f"{summary[key]:.1%}", COLOURS["pass"]) for label, key in METHODS]
    confusion = summary["confusion"]
    total = max(sum(confusion.values()), 1)
    out += [(cell.replace("_", " "), confusion[cell] / total, str(confusion[cell]), COLOURS[cell]) for cell in CELLS]
    return out


def svg(summary: dict[str, Any]) -> str:
    width, height, base, top = 720, 320, 250, 40
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' font-family='sans-serif' "
        f"font-size='11'><rect width='100%' height='100%' fill='white'/>",
        f"<text x='12' y='20' font-size='14'>aic bench {html.escape(str(summary['suite']))} "
        f"({html.escape(str(summary['mode']))}): {summary['tasks']} tasks, {summary['samples']} samples</text>",
        "<text x='12' y='295'>pass@1 by method</text><text x='380' y='295'>gate confusion (share of samples)</text>",
    ]
    for index, (label, share, value, colour) in enumerate(bars(summary)):
        x = 20 + index * 85 + (20 if index >= len(METHODS) else 0)
        h = round(share * (base - top))
        parts.append(
            f"<rect x='{x}' y='{base - h}' width='60' height='{h}' fill='{colour}'/>"
            f"<text x='{x + 30}' y='{base - h - 4}' text-anchor='middle'>{html.escape(value)}</text>"
            f"<text x='{x + 30}' y='{base + 14}' text-anchor='middle'>{html.escape(label)}</text>"
        )
    parts.append("</svg>\n")
    return "".join(parts)


def write_plot(path: Path, summary: dict[str, Any]) -> None:
    write_atomically(path, svg(summary) if path.suffix == ".svg" else png(summary))


# A 3x5 pixel font: enough for labels and numbers.
_FONT = {
    "0": "111101101101111",
    "1": "010110010010111",
    "2": "111001111100111",
    "3": "111001111001111",
    "4": "101101111001001",
    "5": "111100111001111",
    "6": "111100111101111",
    "7": "111001001001001",
    "8": "111101111101111",
    "9": "111101111001111",
    ".": "000000000000010",
    "%": "101001010100101",
    " ": "000000000000000",
    "@": "111101111100111",
    "a": "010101111101101",
    "b": "110101110101110",
    "c": "111100100100111",
    "d": "110101101101110",
    "e": "111100110100111",
    "f": "111100110100100",
    "g": "111100101101111",
    "h": "101101111101101",
    "i": "111010010010111",
    "j": "001001001101111",
    "k": "101101110101101",
    "l": "100100100100111",
    "m": "101111111101101",
    "n": "110101101101101",
    "o": "111101101101111",
    "p": "111101111100100",
    "q": "111101101111001",
    "r": "110101110101101",
    "s": "111100111001111",
    "t": "111010010010010",
    "u": "101101101101111",
    "v": "101101101101010",
    "w": "101101111111101",
    "x": "101101010101101",
    "y": "101101010010010",
    "z": "111001010100111",
    "(": "010100100100010",
    ")": "010001001001010",
    ":": "000010000010000",
    ",": "000000000010100",
}


def png(summary: dict[str, Any]) -> bytes:
    width, height, base, top = 720, 320, 250, 50
    pixels = bytearray(b"\xff" * (width * height * 3))

    def fill(x0: int, y0: int, w: int, h: int, colour: tuple[int, int, int]) -> None:
        for y in range(max(y0, 0), min(y0 + h, height)):
            row = (y * width + max(x0, 0)) * 3
            pixels[row : row + 3 * max(0, min(w, width - x0))] = bytes(colour) * max(0, min(w, width - x0))

    def text(x: int, y: int, words: str, scale: int = 2) -> None:
        for k, char in enumerate(words.lower()):
            glyph = _FONT.get(char, _FONT[" "])
            for bit, on in enumerate(glyph):
                if on == "1":
                    fill(x + k * 4 * scale + (bit % 3) * scale, y + (bit // 3) * scale, scale, scale, (0, 0, 0))

    text(12, 12, f"aic bench {summary['suite']} ({summary['mode']}): {summary['tasks']} tasks", 2)
    for index, (label, share, value, colour) in enumerate(bars(summary)):
        x = 20 + index * 85 + (20 if index >= len(METHODS) else 0)
        h = round(share * (base - top))
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        fill(x, base - h, 60, h, (rgb[0], rgb[1], rgb[2]))
        text(x, base - h - 14, value, 2)
        text(x, base + 8, label, 1)
    text(12, 290, "pass@1 by method", 2)
    text(380, 290, "gate confusion", 2)
    raw = b"".join(b"\x00" + bytes(pixels[y * width * 3 : (y + 1) * width * 3]) for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
