"""One product of a sum with the wrong sign, named with the product, in quizzes and the lab; and
the softmax Jacobian's off-diagonal sign. Every slipped answer here is built from the question's
own numbers by hand-written sums, not from the grader's sums."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bp_tutor.lab.grading import grade_cell
from bp_tutor.lab.settings import setup_from_preset
from bp_tutor.quiz.grading import grade
from bp_tutor.quiz.kinds import generate
from bp_tutor.quiz.misconceptions import MISCONCEPTIONS
from bp_tutor.quiz.play import answer_text, runs_for
from bp_tutor.quiz.tolerance import distinguishable
from tests.lab.reference import toy452_reference


def _identity_layer_delta(params: dict) -> np.ndarray:
    """δ of a linear layer under mean ½‖a − y‖²: (xW + b − y)/N, computed here by loops."""
    x, y, w, b = (np.asarray(params[k], dtype=float) for k in ("x", "y", "W", "b"))
    n, units = y.shape
    delta = np.zeros((n, units))
    for s in range(n):
        for j in range(units):
            z = sum(x[s, k] * w[k, j] for k in range(x.shape[1])) + b[j]
            delta[s, j] = (z - y[s, j]) / n
    return delta


def _first_slip(exact: float, products: list[float]) -> int:
    """The first product whose flip takes the entry outside its tolerance."""
    return next(k for k, product in enumerate(products)
                if distinguishable(exact - 2 * product, exact))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("seed", range(8))
def test_a_weight_gradient_with_one_product_negated_is_named_with_that_product(
        seed: int, lang: str) -> None:
    q = generate("layer_dw", seed, lang)
    x = np.asarray(q.params["x"], dtype=float)
    delta = _identity_layer_delta(dict(q.params))
    dw = np.array([[sum(x[n, i] * delta[n, j] for n in range(len(x))) for j in range(2)]
                   for i in range(3)])
    np.testing.assert_allclose(q.parts[0].answer, dw, atol=1e-12)
    # Row 2, column 1: Σₙ xₙ₂ δₙ₁ with one product negated.
    products = [x[n, 1] * delta[n, 0] for n in range(len(x))]
    k = _first_slip(dw[1, 0], products)
    typed = dw.copy()
    typed[1, 0] -= 2 * products[k]
    result = grade(q, answer_text(typed))
    assert result.verdict == "wrong" and result.misconception_id == "term_sign"
    assert MISCONCEPTIONS["term_sign"].title(lang) in result.message
    where = "Row 2 column 1" if lang == "en" else "第 2 行第 1 列"
    shown = f"{x[k, 1]:g}".replace("-", "−")
    assert where in result.message and shown in result.message


def test_a_wrong_entry_that_is_no_flipped_product_is_not_called_a_sign_slip() -> None:
    q = generate("layer_dw", 2)
    typed = np.array(q.parts[0].answer, dtype=float)
    typed[0, 0] += 0.77  # not twice any product of that entry
    result = grade(q, answer_text(typed))
    assert result.misconception_id is None and "5 of 6 values are right" in result.message


def test_two_slips_in_two_entries_are_both_shown() -> None:
    q = generate("layer_dw", 4)
    x = np.asarray(q.params["x"], dtype=float)
    delta = _identity_layer_delta(dict(q.params))
    typed = np.array(q.parts[0].answer, dtype=float)
    typed[0, 0] -= 2 * x[0, 0] * delta[0, 0]
    typed[2, 1] -= 2 * x[1, 2] * delta[1, 1]
    result = grade(q, answer_text(typed))
    assert result.misconception_id == "term_sign"
    assert "Row 1 column 1" in result.message and "Row 3 column 2" in result.message


def test_a_hidden_delta_with_one_product_of_delta_w_transposed_negated() -> None:
    """δ¹ⱼ = (Σₖ δ²ₖ W²ⱼₖ)·a¹ⱼ(1 − a¹ⱼ): one product δ²ₖW²ⱼₖ taken with the wrong sign."""
    for seed in range(10):
        q = generate("delta_back", seed)
        w1, b1, w2, b2 = (np.asarray(q.params[k], float) for k in ("W1", "b1", "W2", "b2"))
        x, y = np.asarray(q.params["x"], float)[0], np.asarray(q.params["y"], float)[0]
        a1 = [1 / (1 + math.exp(-(x @ w1[:, j] + b1[j]))) for j in range(2)]
        a2 = [sum(a1[i] * w2[i, k] for i in range(2)) + b2[k] for k in range(2)]  # identity out
        d2 = [a2[k] - y[k] for k in range(2)]
        products = [d2[k] * w2[0, k] for k in range(2)]
        d1_0 = sum(products) * a1[0] * (1 - a1[0])
        slipped = d1_0 - 2 * products[0] * a1[0] * (1 - a1[0])
        typed = np.array(q.parts[0].answer, dtype=float).reshape(-1)
        assert typed[0] == pytest.approx(d1_0, abs=1e-12)
        typed[0] = slipped
        result = grade(q, answer_text(typed))
        if not distinguishable(slipped, d1_0) or result.misconception_id not in (None, "term_sign"):
            continue  # too small to show, or it coincides with a listed mistake
        assert result.misconception_id == "term_sign", (seed, result.message)
        return
    pytest.fail("no delta_back draw showed a term slip")  # pragma: no cover


def test_the_softmax_jacobian_with_plus_off_the_diagonal_is_named() -> None:
    for lang in ("en", "zh"):
        q = generate("softmax_jacobian", 5, lang)
        z = [float(v) for v in q.params["z"]]
        total = sum(math.exp(v) for v in z)
        a = [math.exp(v) / total for v in z]
        typed = np.array([[a[i] * (1 - a[i]) if i == j else a[i] * a[j] for j in range(3)]
                          for i in range(3)])
        result = grade(q, answer_text(typed))
        assert result.misconception_id == "softmax_offdiagonal_sign"
        assert MISCONCEPTIONS["softmax_offdiagonal_sign"].title(lang) in result.message


@pytest.mark.parametrize("kind", ["layer_dw", "layer_db"])
def test_a_layer_gradient_n_times_too_large_is_the_forgotten_mean(kind: str) -> None:
    q = generate(kind, 1)
    n = len(np.asarray(q.params["x"]))
    result = grade(q, answer_text(np.asarray(q.parts[0].answer) * n))
    assert result.misconception_id == "forgot_mean"


def test_check_play_also_plays_a_term_slip_for_parts_that_are_sums() -> None:
    expected = [run.expected for run in runs_for("layer_dw", 3, "en", "dense-layer")]
    assert "term_sign" in expected
    assert "term_sign" not in [r.expected for r in runs_for("sigmoid_prime", 3, "en", "x")]


# -- the lab's "your turn" -------------------------------------------------------------------

@pytest.fixture(scope="module")
def lab_trace():
    return setup_from_preset("toy-452").step_trace()


def test_a_lab_z_cell_with_one_product_negated_names_the_product(lab_trace) -> None:
    ref = toy452_reference()
    x, w1, b1 = ref["x"], ref["W1"], ref["b1"]
    # z¹[1,2] (cell (0, 1) counted from 0) = Σₖ x₁ₖW¹ₖ₂ + b¹₂: flip its first nonzero product.
    k = next(k for k in range(x.shape[1]) if x[0, k] * w1[k, 1] != 0)
    z = sum(x[0, m] * w1[m, 1] for m in range(x.shape[1])) + b1[1]
    typed = z - 2 * x[0, k] * w1[k, 1]
    grade_ = grade_cell(f"{typed:.6f}", lab_trace, lab_trace["z1"], (0, 1))
    assert grade_.mistake == "term_sign"
    assert grade_.slip == pytest.approx((x[0, k], w1[k, 1]))


def test_a_lab_bias_slip_is_a_term_of_z_too(lab_trace) -> None:
    ref = toy452_reference()
    z = ref["z1"][1, 0]
    grade_ = grade_cell(f"{z - 2 * ref['b1'][0]:.6f}", lab_trace, lab_trace["z1"], (1, 0))
    assert grade_.mistake == "term_sign" and grade_.slip == pytest.approx((ref["b1"][0],))


def test_a_lab_hidden_delta_slip_is_scaled_by_the_derivative(lab_trace) -> None:
    ref = toy452_reference()
    d2, w2, a1 = ref["delta2"], ref["W2"], ref["a1"]
    i, j = 1, 2
    slope = a1[i, j] * (1 - a1[i, j])
    typed = ref["delta1"][i, j] - 2 * d2[i, 0] * w2[j, 0] * slope
    grade_ = grade_cell(f"{typed:.8f}", lab_trace, lab_trace["delta1"], (i, j))
    assert grade_.mistake == "term_sign"
    assert grade_.slip == pytest.approx((d2[i, 0], w2[j, 0]))


def test_a_lab_weight_gradient_n_times_too_large_is_the_forgotten_mean(lab_trace) -> None:
    ref = toy452_reference()
    n = len(ref["x"])
    grade_ = grade_cell(f"{ref['dW2'][3, 1] * n:.6f}", lab_trace, lab_trace["dW2"], (3, 1))
    assert grade_.mistake == "forgot_mean"
