from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from bp_tutor.lab.matrix_text import allocate_rows, columns_that_fit, visible_indices


def test_small_matrices_are_shown_whole() -> None:
    assert visible_indices(5, 9, 3) == [0, 1, 2, 3, 4]


def test_window_around_the_focus_with_first_and_last() -> None:
    assert visible_indices(64, 7, 30) == [0, None, 29, 30, 31, None, 63]


@given(st.integers(1, 200), st.integers(1, 15), st.data())
def test_slots_fit_hold_the_focus_and_mark_every_gap(n: int, room: int, data: st.DataObject
                                                     ) -> None:
    focus = data.draw(st.integers(0, n - 1))
    slots = visible_indices(n, room, focus)
    shown = [i for i in slots if i is not None]
    assert len(slots) <= room
    assert focus in shown
    assert shown == sorted(set(shown))
    for a, b in itertools.pairwise(slots):
        if a is not None and b is not None:
            assert b == a + 1  # no hidden gap without an ellipsis
    if room >= 5:
        assert shown[0] == 0 and shown[-1] == n - 1


def test_digits_width_fits_80_columns() -> None:
    assert 4 + columns_that_fit(78) * 8 <= 80


def test_rows_are_cut_from_the_biggest_matrix_first() -> None:
    assert allocate_rows([4, 64, 1, 4], 12) == [3, 4, 1, 4]  # ties: the first one gives
    assert allocate_rows([2, 4, 1, 2], 16) == [2, 4, 1, 2]
    assert allocate_rows([3, 3], 1) == [1, 1]
