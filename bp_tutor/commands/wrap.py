"""Prose wrapped to a width in terminal cells, for commands that print straight to a terminal.

`textwrap` counts characters and breaks only at spaces: a Chinese sentence has none, and each of
its characters takes two cells. Here a line may break between any two Chinese characters (with
the punctuation rules of `bp_tutor.ui.cjk_wrap`, which the app's own wrapping uses) and is
measured in cells.
"""

from __future__ import annotations

from bp_tutor.cells import cell_width


def wrap_cells(text: str, width: int | None) -> list[str]:
    """`text` as lines of at most `width` cells (`None`: one line). A single word wider than
    `width` (a long formula) gets a line of its own rather than being cut."""
    if width is None:
        return [text]
    from bp_tutor.ui.cjk_wrap import CJK_WORD

    lines: list[str] = []
    line = ""
    for word in CJK_WORD.findall(text):
        if line.strip() and cell_width((line + word).rstrip()) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
    if line.strip():
        lines.append(line.rstrip())
    return lines
