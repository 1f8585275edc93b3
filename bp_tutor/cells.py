"""Terminal cells: how wide text is on screen, where a Chinese character takes two.

Standard library only, so every layer may use it, the engine included: `len` counts characters,
and a column of text measured with it drifts by one cell per Chinese character.
"""

from __future__ import annotations

import unicodedata


def cell_width(text: str) -> int:
    """Terminal cells `text` takes: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad_cells(text: str, width: int) -> str:
    """`text` with spaces after it up to `width` cells (`str.ljust`, counted in cells)."""
    return text + " " * max(0, width - cell_width(text))


def cut_to_cells(text: str, width: int) -> str:
    """The longest start of `text` that takes at most `width` cells."""
    used = 0
    for index, ch in enumerate(text):
        used += cell_width(ch)
        if used > width:
            return text[:index]
    return text
