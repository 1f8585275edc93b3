"""The step sequence and the cells each step reads, checked by recomputing the selected cell
from exactly the highlighted cells."""

from __future__ import annotations

import numpy as np
import pytest

from bp_tutor.lab.settings import setup_from_preset
from bp_tutor.lab.steps import (
    StepSequence,
    as_matrix_shape,
    cell_text,
    clamp_cell,
    involved_cells,
    value_at,
)
from bp_tutor.nn import Trace
from tests.lab.reference import toy452_reference


@pytest.fixture(scope="module")
def trace() -> Trace:
    return setup_from_preset("toy-452").step_trace()


def _m(trace: Trace, name: str) -> np.ndarray:
    entry = trace[name]
    return np.asarray(entry.value).reshape(as_matrix_shape(entry.shape))


def test_sequence_walks_forward_and_back_through_the_whole_pass(trace: Trace) -> None:
    seq = StepSequence(trace)
    seen = [seq.current.name]
    while seq.forward():
        seen.append(seq.current.name)
    assert seen == ["z1", "a1", "z2", "a2", "L", "delta2", "dW2", "db2", "delta1", "dW1", "db1",
                    "update_W1", "update_b1", "update_W2", "update_b2"]
    assert seq.at_end and not seq.forward()
    back = [seq.current.name]
    while seq.back():
        back.append(seq.current.name)
    assert back == seen[::-1]
    assert seq.at_start and not seq.back()


def test_trace_values_match_an_independent_computation(trace: Trace) -> None:
    expected = toy452_reference()
    for entry in StepSequence(trace).steps:
        np.testing.assert_allclose(entry.value, expected[entry.name], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("cell", [(0, 0), (1, 3), (0, 4)])
def test_matrix_product_cell_comes_from_highlighted_row_and_column(trace: Trace, cell) -> None:
    cells = involved_cells(trace, trace["z1"], cell)
    x, w, b = _m(trace, "x"), _m(trace, "W1"), _m(trace, "b1")
    rows = {r for r, _ in cells["x"]}
    cols = {c for _, c in cells["W1"]}
    assert rows == {cell[0]} and len(cells["x"]) == x.shape[1]
    assert cols == {cell[1]} and len(cells["W1"]) == w.shape[0]
    total = sum(x[i, k] * w[k, j] for (i, k) in sorted(cells["x"]) for (k2, j) in cells["W1"]
                if k == k2)
    total += sum(b[i, j] for i, j in cells["b1"])
    assert total == pytest.approx(value_at(trace["z1"], cell))


def test_elementwise_activation_reads_the_same_cell(trace: Trace) -> None:
    assert involved_cells(trace, trace["a1"], (1, 2)) == {"z1": {(1, 2)}}


def test_softmax_reads_the_whole_row(trace: Trace) -> None:
    assert involved_cells(trace, trace["a2"], (1, 0)) == {"z2": {(1, 0), (1, 1)}}


def test_weight_gradient_cell_from_highlighted_columns(trace: Trace) -> None:
    cell = (3, 1)
    cells = involved_cells(trace, trace["dW2"], cell)
    a1, d2 = _m(trace, "a1"), _m(trace, "delta2")
    assert {c for _, c in cells["a1"]} == {3} and {c for _, c in cells["delta2"]} == {1}
    total = sum(a1[n, 3] * d2[n, 1] for n in range(a1.shape[0]))
    assert total == pytest.approx(value_at(trace["dW2"], cell))


def test_bias_gradient_cell_sums_a_column_of_delta(trace: Trace) -> None:
    cells = involved_cells(trace, trace["db1"], (0, 4))
    d1 = _m(trace, "delta1")
    assert cells == {"delta1": {(0, 4), (1, 4)}}
    assert sum(d1[r, c] for r, c in cells["delta1"]) == pytest.approx(
        value_at(trace["db1"], (0, 4)))


def test_hidden_delta_cell_from_highlighted_rows(trace: Trace) -> None:
    cell = (1, 3)
    cells = involved_cells(trace, trace["delta1"], cell)
    d2, w2, a1 = _m(trace, "delta2"), _m(trace, "W2"), _m(trace, "a1")
    assert {r for r, _ in cells["delta2"]} == {1}
    assert {r for r, _ in cells["W2"]} == {3}
    assert cells["a1"] == {cell}
    back = sum(d2[1, k] * w2[3, k] for k in range(d2.shape[1]))
    assert back * a1[cell] * (1 - a1[cell]) == pytest.approx(value_at(trace["delta1"], cell))


def test_update_reads_the_same_cell_of_parameter_and_gradient(trace: Trace) -> None:
    assert involved_cells(trace, trace["update_W2"], (4, 1)) == {"W2": {(4, 1)},
                                                                 "dW2": {(4, 1)}}


def test_loss_reads_all_of_the_output_and_targets(trace: Trace) -> None:
    cells = involved_cells(trace, trace["L"], (0, 0))
    assert cells["a2"] == {(r, c) for r in range(2) for c in range(2)}
    assert cells["y"] == cells["a2"]


def test_cells_are_clamped_and_written_as_lessons_write_them() -> None:
    assert clamp_cell((5, -2), (2, 3)) == (1, 0)
    assert clamp_cell((3, 9), (4,)) == (0, 3)
    assert clamp_cell((1, 1), ()) == (0, 0)
    # The lessons' w₁₁ is the first weight: row 1, column 1 on screen is cell (0, 0).
    assert cell_text((2, 3), (1, 2)) == "[2,3]"
    assert cell_text((2, 3), (0, 0)) == "[1,1]"
    assert cell_text((4,), (0, 2)) == "[3]"
    assert cell_text((), (0, 0)) == ""


def test_a_weight_gradient_under_weight_decay_also_reads_its_own_weight(tmp_path) -> None:
    """∂L/∂Wᵢⱼ = Σₙ aₙᵢδₙⱼ + λWᵢⱼ: the highlighted cells, and only they, give the value."""
    from tests.lab.reference import DECAY, write_decay_preset

    lam = DECAY
    decayed = setup_from_preset(str(write_decay_preset(tmp_path))).step_trace()
    cells = involved_cells(decayed, decayed["dW2"], (2, 1))
    assert cells == {"a1": {(0, 2), (1, 2)}, "delta2": {(0, 1), (1, 1)}, "W2": {(2, 1)}}
    a1, delta2, w2 = _m(decayed, "a1"), _m(decayed, "delta2"), _m(decayed, "W2")
    by_hand = a1[0, 2] * delta2[0, 1] + a1[1, 2] * delta2[1, 1] + lam * w2[2, 1]
    assert value_at(decayed["dW2"], (2, 1)) == pytest.approx(by_hand)
