""""Your turn": the student computes one hidden entry of a step; we grade it and name the mistake.

The answer is read with the quiz's parser (`parse_answer`), so the lab accepts what a quiz accepts.
The tolerance is tighter than a quiz's (`bp_tutor.quiz.tolerance`) because the student copies
numbers the lab prints with 4 decimals: an answer is right within half a unit in the 4th decimal,
or a relative 1e-3 for large numbers. A wrong answer is compared with the values the usual
mistakes would give for this very cell, computed from the trace, so the feedback says which
mistake it looks like.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bp_tutor.lab.steps import Cell, as_matrix_shape, value_at
from bp_tutor.nn import Trace, TraceEntry
from bp_tutor.quiz.answer import AnswerSyntaxError, parse_answer
from bp_tutor.quiz.model import SumOfProducts
from bp_tutor.quiz.term_slip import Factors, find_term_slip

ABS_TOLERANCE = 5e-4  # the lab prints 4 decimals: half a unit in the last one
REL_TOLERANCE = 1e-3


@dataclass(frozen=True)
class Grade:
    """The verdict on one typed answer.

    `mistake` is a stable code ("sign", "bias_forgotten", ...) the screen turns into an explanation;
    `syntax_error` is set (and `correct` False) when the text could not be read as one number.
    """

    correct: bool
    reference: float
    answer: float | None = None
    mistake: str | None = None
    syntax_error: AnswerSyntaxError | None = None
    slip: Factors | None = None  # with mistake "term_sign": the term that went in as its negative


def close_enough(answer: float, reference: float) -> bool:
    return abs(answer - reference) <= max(ABS_TOLERANCE, REL_TOLERANCE * abs(reference))


def _matrix(entry: TraceEntry) -> np.ndarray:
    return np.asarray(entry.value, dtype=np.float64).reshape(as_matrix_shape(entry.shape))


def likely_mistakes(trace: Trace, entry: TraceEntry, cell: Cell) -> list[tuple[str, float]]:
    """(code, value) pairs: what the cell would hold after each usual mistake."""
    i, j = cell
    right = value_at(entry, cell)
    name = entry.name
    n_rows = trace["x"].shape[0] if "x" in trace else 1
    out: list[tuple[str, float]] = []
    if name.startswith("z"):
        b = _matrix(trace[entry.inputs[2]])
        out.append(("bias_forgotten", right - float(b[0, j])))
    elif name.startswith("a"):
        z = _matrix(trace[entry.inputs[0]])
        out.append(("activation_forgotten", float(z[i, j])))
    elif name.startswith("delta"):
        if entry.formula.startswith("δ") and "⊙" in entry.formula and len(entry.inputs) >= 3:
            delta_up = _matrix(trace[entry.inputs[0]])
            w_up = _matrix(trace[entry.inputs[1]])
            out.append(("missing_activation_derivative", float(delta_up[i] @ w_up[j])))
        if "(1/N)" in entry.formula and n_rows > 1:
            out.append(("forgot_mean", right * n_rows))
    elif name.startswith(("dW", "db")) and n_rows > 1:
        if name.startswith("db"):
            out.append(("bias_not_summed", right / n_rows))
        if "(1/N)" in trace[f"delta{trace.n_layers}"].formula:  # δ carries the mean's 1/N
            out.append(("forgot_mean", right * n_rows))
    elif name.startswith("update_"):
        old = _matrix(trace[entry.inputs[0]])
        out.append(("gradient_ascent", 2 * float(old[i, j]) - right))
    if right != 0.0:
        out.append(("sign_flipped", -right))
    return out


def grade_cell(text: str, trace: Trace, entry: TraceEntry, cell: Cell) -> Grade:
    """Grade `text` as the value of `entry` at `cell`."""
    reference = value_at(entry, cell)
    try:
        parsed = parse_answer(text)
    except AnswerSyntaxError as error:
        return Grade(False, reference, syntax_error=error)
    if parsed.array.size != 1:
        not_one = AnswerSyntaxError(
            "one number is expected here, not a vector or a matrix",
            "这里需要一个数，而不是向量或矩阵",
            0,
            "not_a_number",
        )
        return Grade(False, reference, syntax_error=not_one)
    answer = float(parsed.array.reshape(-1)[0])
    if close_enough(answer, reference):
        return Grade(True, reference, answer)
    for code, value in likely_mistakes(trace, entry, cell):
        if not close_enough(value, reference) and close_enough(answer, value):
            return Grade(False, reference, answer, code)
    summed = cell_sum(trace, entry, cell)
    if summed is not None:
        slip = find_term_slip(answer, reference, summed, close_enough)
        if slip is not None:
            return Grade(False, reference, answer, "term_sign", slip=slip)
    return Grade(False, reference, answer)


def cell_sum(trace: Trace, entry: TraceEntry, cell: Cell) -> SumOfProducts | None:
    """The cell as the sum of products it is computed as, for the steps that are sums:
    zᵢⱼ = Σₖ aᵢₖWₖⱼ + bⱼ, (∂L/∂W)ᵢⱼ = Σₙ aₙᵢδₙⱼ, (∂L/∂b)ⱼ = Σₙ δₙⱼ, and a hidden
    δᵢⱼ = (Σₖ δ⁺ᵢₖ W⁺ⱼₖ) · f′ᵢⱼ. None for the others (and for ∂L/∂W under weight decay, whose
    λ the trace keeps only in its formula)."""
    i, j = cell
    name, inputs = entry.name, entry.inputs
    values = [_matrix(trace[n]) for n in inputs]
    if name.startswith("z"):
        a_prev, w, b = values
        return SumOfProducts((*((float(a_prev[i, k]), float(w[k, j]))
                                for k in range(w.shape[0])), (float(b[0, j]),)))
    if name.startswith("dW") and len(inputs) == 2:
        a_prev, delta = values
        return SumOfProducts(tuple((float(a_prev[n, i]), float(delta[n, j]))
                                   for n in range(delta.shape[0])))
    if name.startswith("db"):
        (delta,) = values
        return SumOfProducts(tuple((float(delta[n, j]),) for n in range(delta.shape[0])))
    if (name.startswith("delta") and len(inputs) >= 2 and inputs[0].startswith("delta")
            and "per sample" not in entry.formula):
        delta_up, w_up = values[0], values[1]
        terms = tuple((float(delta_up[i, k]), float(w_up[j, k])) for k in range(w_up.shape[1]))
        back = sum(t * u for t, u in terms)
        if back == 0.0:  # f′ cannot be read off a zero sum, and no slip can show there
            return None
        return SumOfProducts(terms, value_at(entry, cell) / back)  # the scale is f′ᵢⱼ
    return None
