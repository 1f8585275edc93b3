"""A matrix drawn as text with its shape, highlighted cells, a cell cursor and a hidden cell.

Big matrices are cut to what fits (`bp_tutor.lab.matrix_text.visible_indices`): the first and last
rows and columns stay, the ones around the focus are shown, and "…" marks what was left out, so a
64×64 matrix never pushes the screen wider than 80 columns.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from numpy.typing import NDArray
from rich.text import Text
from textual.widgets import Static

from bp_tutor.lab.matrix_text import ELLIPSIS, columns_that_fit, visible_indices
from bp_tutor.lab.steps import Cell, as_matrix_shape
from bp_tutor.ui.formatting import format_number, format_shape

HIGHLIGHT_STYLE = "bold black on yellow"  # cells the selected result cell was computed from
CURSOR_STYLE = "bold black on cyan"  # the selected cell of the result
HIDDEN_TEXT = "?"


def _focus(cells: Collection[Cell], cursor: Cell | None) -> Cell:
    if cursor is not None:
        return cursor
    if cells:
        return min(cells)
    return (0, 0)


def render_matrix(
    label: str,
    value: NDArray[np.floating],
    *,
    highlight: Collection[Cell] = (),
    cursor: Cell | None = None,
    hidden: Cell | None = None,
    max_rows: int = 6,
    width: int = 78,
) -> Text:
    """`label (shape)` and the matrix rows, cut to `max_rows` rows and `width` columns."""
    array = np.asarray(value, dtype=np.float64)
    shape = tuple(array.shape)
    rows, cols = as_matrix_shape(shape)
    grid = array.reshape(rows, cols)
    focus = _focus(highlight, cursor)
    # A cell takes the width of the widest number shown, plus a space between cells.
    row_slots = visible_indices(rows, max(1, max_rows), focus[0])
    shown_rows = [r for r in row_slots if r is not None]
    cell_width = max(len(format_number(float(v))) for v in grid[shown_rows].ravel()) + 1
    col_slots = visible_indices(cols, columns_that_fit(width, cell_width), focus[1])
    highlighted = set(highlight)
    text = Text()
    text.append(label, style="bold")
    text.append(f"  ({format_shape(shape)})\n", style="dim")
    for k, r in enumerate(row_slots):
        left, right = _brackets(k, len(row_slots))
        text.append(left + " ")
        for c in col_slots:
            if r is None or c is None:
                text.append(ELLIPSIS.rjust(cell_width - 1) + " ", style="dim")
                continue
            cell = (r, c)
            shown = HIDDEN_TEXT if cell == hidden else format_number(float(grid[r, c]))
            style = CURSOR_STYLE if cell == cursor else HIGHLIGHT_STYLE if cell in highlighted else ""
            text.append(shown.rjust(cell_width - 1), style=style)
            text.append(" ")
        text.append(right + "\n")
    return text


def _brackets(k: int, n: int) -> tuple[str, str]:
    if n == 1:
        return "[", "]"
    if k == 0:
        return "⎡", "⎤"
    if k == n - 1:
        return "⎣", "⎦"
    return "⎢", "⎥"


class MatrixView(Static):
    """One matrix with its label; `show` redraws it."""

    DEFAULT_CSS = """
    MatrixView { height: auto; }
    """

    def show(self, label: str, value: NDArray[np.floating], **options: object) -> None:
        self.update(render_matrix(label, value, **options))  # type: ignore[arg-type]
