from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from bp_tutor.lab.matrix_text import (
    allocate_rows,
    columns_that_fit,
    indices_showing,
    slot_count,
)


def test_digits_width_fits_80_columns() -> None:
    assert 4 + columns_that_fit(78) * 8 <= 80


def test_rows_are_cut_from_the_biggest_matrix_first() -> None:
    assert allocate_rows([4, 64, 1, 4], 12) == [3, 4, 1, 4]  # ties: the first one gives
    assert allocate_rows([2, 4, 1, 2], 16) == [2, 4, 1, 2]
    assert allocate_rows([3, 3], 1) == [1, 1]


@given(st.integers(1, 120), st.integers(1, 15), st.data())
def test_indices_showing_keeps_the_wanted_ones_and_marks_every_gap(n: int, room: int,
                                                                    data: st.DataObject) -> None:
    focus = data.draw(st.integers(0, n - 1))
    wanted = set(data.draw(st.lists(st.integers(0, n - 1), max_size=8)))
    slots = indices_showing(n, room, wanted, focus)
    shown = [i for i in slots if i is not None]
    assert len(slots) <= room and focus in shown and shown == sorted(set(shown))
    if n <= room:
        assert shown == list(range(n))
        return
    if room >= 3:
        # Every run left out, at either end too, has its ellipsis: nothing hidden looks shown.
        marked = [None, *slots, None]
        for a, b in itertools.pairwise(marked):
            if a is not None and b is not None:
                assert b == a + 1
        assert (slots[0] is None) == (shown[0] > 0) and (slots[-1] is None) == (shown[-1] < n - 1)
        if slot_count(wanted | {focus}, n) <= room:
            assert wanted <= set(shown)  # the cells a result is computed from all fit: all shown


def test_the_reviewers_case_keeps_the_selected_row_and_the_whole_column() -> None:
    assert indices_showing(4, 3, {2}, 2) == [None, 2, 3]  # row 2 of x, the gap above marked
    assert indices_showing(64, 6, set(range(64)), 0) == [0, 1, 2, 3, 4, None]  # a 64-term sum


def test_the_wanted_index_is_kept_apart_from_the_window_around_the_focus() -> None:
    assert indices_showing(64, 7, [2], 30) == [None, 2, None, 29, 30, 31, None]
    assert indices_showing(5, 9, [], 3) == [0, 1, 2, 3, 4]


def test_two_slots_mark_the_rows_hidden_above_the_focus() -> None:
    assert indices_showing(5, 2, [], 2) == [None, 2]
    assert indices_showing(5, 2, [], 0) == [0, None]
    assert indices_showing(5, 2, [], 4) == [None, 4]
