"""Which rows and columns of a matrix fit on the screen, keeping the interesting ones in view.

A 64×64 weight matrix cannot be drawn on an 80×24 terminal. `visible_indices` picks a window of
rows (or columns) that always holds the focus (the selected cell, or the highlighted row) and the
first and last index, with `None` where an ellipsis stands for the ones left out:

    n = 64, room for 6, focus 30  ->  [0, None, 29, 30, 31, None, 63]   (7 slots incl. ellipses)
"""

from __future__ import annotations

CELL_WIDTH = 8  # "-0.1234" plus one space between columns
ELLIPSIS = "…"


def visible_indices(n: int, room: int, focus: int = 0) -> list[int | None]:
    """At most `room` slots (ellipses count as slots) showing indices 0..n-1 around `focus`."""
    if room < 1:
        raise ValueError("room must be at least 1")
    if n <= room:
        return list(range(n))
    if room == 1:
        return [focus]
    if room < 5:
        # Too small for first … window … last: a window around the focus and one ellipsis.
        start = min(max(focus - (room - 1) // 2, 0), n - (room - 1))
        window: list[int | None] = list(range(start, start + room - 1))
        return [*window, None] if start + room - 1 < n else [None, *window]
    inner = room - 4  # first, ellipsis, window, ellipsis, last
    start = min(max(focus - inner // 2, 1), n - 1 - inner)
    stop = start + inner
    slots: list[int | None] = [0]
    if start > 1:
        slots.append(None)
        middle = list(range(start, stop))
    else:
        middle = list(range(1, stop + 1))  # no gap on the left: use its slot for one more
    slots.extend(middle)
    if middle[-1] < n - 2:
        slots.append(None)
    if middle[-1] < n - 1:
        slots.append(n - 1)
    if len(slots) > room:  # one ellipsis was spared above: drop the window's far end instead
        slots = slots[:room - 2] + slots[-2:]
    return slots


def columns_that_fit(width: int, cell_width: int = CELL_WIDTH, margin: int = 4) -> int:
    """How many cells (ellipses included) fit in `width` terminal columns."""
    return max(1, (width - margin) // cell_width)


def allocate_rows(needs: list[int], budget: int) -> list[int]:
    """Rows to draw per matrix so that all fit in `budget` lines, the biggest cut first.

    `needs` is each matrix's row count; none gets fewer than one row (a row of ellipses at worst),
    so the result may exceed a budget smaller than the number of matrices.
    """
    rows = list(needs)
    while sum(rows) > budget and max(rows) > 1:
        biggest = rows.index(max(rows))
        rows[biggest] -= 1
    return rows
