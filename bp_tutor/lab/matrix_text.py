"""Which rows and columns of a matrix fit on the screen, keeping the interesting ones in view.

A 64×64 weight matrix cannot be drawn on an 80×24 terminal. `indices_showing` picks the rows
(or columns) to draw: the focus (the selected cell), then the ones it is computed from, then its
neighbours, with `None` where an ellipsis stands for a run left out:

    n = 64, room for 7, focus 30, wanted {2}  ->  [None, 2, None, 29, 30, 31, None]
"""

from __future__ import annotations

import itertools
from collections.abc import Collection

CELL_WIDTH = 8  # "-0.1234" plus one space between columns
ELLIPSIS = "…"


def slot_count(shown: Collection[int], n: int) -> int:
    """Slots `shown` takes among 0..n-1: one per index, plus one ellipsis per run left out."""
    indices = sorted(shown)
    gaps = sum(1 for a, b in itertools.pairwise(indices) if b > a + 1)
    return len(indices) + gaps + (indices[0] > 0) + (indices[-1] < n - 1)


def indices_showing(n: int, room: int, wanted: Collection[int], focus: int) -> list[int | None]:
    """At most `room` slots that show `focus` and as many of `wanted` as fit, nearest first.

    The cells a selected result is computed from (row i of x, column j of W) must stay on screen,
    so they are placed before any other index; the room left goes to the neighbours of the focus.
    Every run of indices left out gets an ellipsis, at the ends too, so nothing hidden looks shown.
    With room for fewer than 3 slots only the focus (and at most one ellipsis) is shown.
    """
    if room < 1:
        raise ValueError("room must be at least 1")
    if n <= room:
        return list(range(n))
    if room < 3:  # no room for an ellipsis on both sides: the focus, and one mark if it fits,
        # above it when rows are hidden there (else the focus would pass for the first row)
        return [focus] if room == 1 else ([None, focus] if focus > 0 else [focus, None])
    by_distance = sorted(range(n), key=lambda i: (abs(i - focus), i))
    wanted_set = set(wanted)
    order = [i for i in by_distance if i in wanted_set] + [i for i in by_distance
                                                          if i not in wanted_set]
    shown = {focus}
    for i in order:
        if i not in shown and slot_count(shown | {i}, n) <= room:
            shown.add(i)
    slots: list[int | None] = []
    previous = -1
    for i in sorted(shown):
        if i > previous + 1:
            slots.append(None)
        slots.append(i)
        previous = i
    if previous < n - 1:
        slots.append(None)
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
