"""A matrix drawn as text with its shape, highlighted cells, a cell cursor and a hidden cell.

Big matrices are cut to what fits (`bp_tutor.lab.matrix_text.indices_showing`): the rows and
columns of the highlighted cells stay first, then the ones around the focus, and "…" marks every
run that was left out, so a 64×64 matrix never pushes the screen wider than 80 columns.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from numpy.typing import NDArray
from rich.text import Text
from textual.widgets import Static

from bp_tutor.lab.matrix_text import ELLIPSIS, columns_that_fit, indices_showing
from bp_tutor.lab.steps import Cell, as_matrix_shape
from bp_tutor.ui.formatting import format_number, shape_label

HIGHLIGHT_STYLE = "bold black on yellow"  # cells the selected result cell was computed from
CURSOR_STYLE = "bold black on cyan"  # the selected cell of the result
HIDDEN_TEXT = "?"


def _focus(cells: Collection[Cell], cursor: Cell | None) -> Cell:
    if cursor is not None:
        return cursor
    if cells:
        return min(cells)
    return (0, 0)


def _window(grid: NDArray[np.float64], highlight: Collection[Cell], cursor: Cell | None,
            max_rows: int, width: int) -> tuple[list[int | None], list[int | None], int]:
    """(row slots, column slots, cell width): what of `grid` is drawn, `None` for an ellipsis.

    The rows and columns holding highlighted cells are kept before any other, so the entries a
    selected result is computed from stay on screen whenever they fit at all.
    """
    rows, cols = grid.shape
    focus = _focus(highlight, cursor)
    wanted = set(highlight) | ({cursor} if cursor is not None else set())
    row_slots = indices_showing(rows, max(1, max_rows), {r for r, _ in wanted}, focus[0])
    shown_rows = [r for r in row_slots if r is not None]
    # A cell takes the width of the widest number shown, plus a space between cells.
    cell_width = max(len(format_number(float(v))) for v in grid[shown_rows].ravel()) + 1
    col_slots = indices_showing(cols, columns_that_fit(width, cell_width),
                                {c for _, c in wanted}, focus[1])
    return row_slots, col_slots, cell_width


def _grid(value: NDArray[np.floating]) -> NDArray[np.float64]:
    array = np.asarray(value, dtype=np.float64)
    return array.reshape(as_matrix_shape(tuple(array.shape)))


def shown_cells(value: NDArray[np.floating], *, highlight: Collection[Cell] = (),
                cursor: Cell | None = None, max_rows: int = 6, width: int = 78) -> set[Cell]:
    """The cells `render_matrix` draws with the same options (the others are behind a "…")."""
    row_slots, col_slots, _ = _window(_grid(value), highlight, cursor, max_rows, width)
    return {(r, c) for r in row_slots if r is not None for c in col_slots if c is not None}


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
    shape = tuple(np.shape(value))
    grid = _grid(value)
    row_slots, col_slots, cell_width = _window(grid, highlight, cursor, max_rows, width)
    highlighted = set(highlight)
    text = Text()
    text.append(label, style="bold")
    text.append(f"  ({shape_label(shape)})\n", style="dim")
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
