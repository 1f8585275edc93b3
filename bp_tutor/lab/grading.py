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
    elif name.startswith("db") and n_rows > 1:
        out.append(("bias_not_summed", right / n_rows))
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
    return Grade(False, reference, answer)
