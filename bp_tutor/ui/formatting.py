"""Numbers as the lessons print them: 4 decimals, matrix columns aligned, shape shown.

Takes anything with `.shape` and `.tolist()` (a NumPy array) without importing NumPy itself.
"""

from __future__ import annotations

from typing import Any, Protocol


class ArrayLike(Protocol):
    @property
    def shape(self) -> tuple[int, ...]: ...

    def tolist(self) -> Any: ...


DECIMALS = 4


def format_number(value: float, decimals: int = DECIMALS) -> str:
    """`value` with `decimals` places; −0.0000 is shown as 0.0000 (the sign carries no meaning)."""
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def format_shape(shape: tuple[int, ...]) -> str:
    """(2, 3) → "2×3"; a scalar → "scalar"."""
    return "×".join(str(n) for n in shape) if shape else "scalar"


def format_matrix(value: ArrayLike, decimals: int = DECIMALS) -> list[str]:
    """One line per row, every column right-aligned to its widest entry, rows in [ ].

    A scalar is a single number; a vector is one row; higher ranks are flattened to rows of their
    last axis.
    """
    data = value.tolist()
    if not value.shape:
        return [format_number(float(data), decimals)]
    rows: list[list[float]]
    if len(value.shape) == 1:
        rows = [list(data)]
    else:
        rows = []
        _collect_rows(data, rows)
    cells = [[format_number(float(v), decimals) for v in row] for row in rows]
    widths = [max(len(row[c]) for row in cells) for c in range(len(cells[0]))] if cells else []
    return ["[ " + "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " ]"
            for row in cells]


def _collect_rows(data: Any, rows: list[list[float]]) -> None:
    if data and isinstance(data[0], list):
        for item in data:
            _collect_rows(item, rows)
    else:
        rows.append(list(data))
