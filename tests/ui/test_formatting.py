"""Matrix formatting: 4 decimals, aligned columns, the shape."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bp_tutor.ui.formatting import format_matrix, format_number, format_shape


def test_scalar_vector_matrix() -> None:
    assert format_matrix(np.array(0.15124)) == ["0.1512"]
    assert format_matrix(np.array([1.0, -0.25])) == ["[ 1.0000  -0.2500 ]"]
    assert format_matrix(np.array([[1.0, -10.5], [-0.00001, 2.0]])) == [
        "[ 1.0000  -10.5000 ]",
        "[ 0.0000    2.0000 ]",
    ]


def test_negative_zero_is_shown_without_sign() -> None:
    assert format_number(-0.00004) == "0.0000"
    assert format_number(-0.00005001) == "-0.0001"


def test_shapes() -> None:
    assert format_shape(()) == "scalar"
    assert format_shape((3, 1)) == "3×1"


@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 4), st.integers(1, 5)),
        elements=st.floats(-1e4, 1e4, allow_nan=False),
    )
)
def test_columns_align_and_values_round_trip(matrix: np.ndarray) -> None:
    lines = format_matrix(matrix)
    assert len(lines) == matrix.shape[0]
    assert len({len(line) for line in lines}) == 1  # every row equally wide
    for line, row in zip(lines, matrix, strict=True):
        values = [float(v) for v in line.strip("[] ").split()]
        assert np.allclose(values, row, atol=0.5e-4 + 1e-12)
        # Every column ends at the same character position in every row.
    ends = [
        {i for i, ch in enumerate(line) if ch != " " and (i + 1 == len(line) or line[i + 1] == " ")}
        for line in lines
    ]
    assert all(e == ends[0] for e in ends)
