"""Grading: the right answer, every listed misconception, shapes, parse errors, error carried
forward."""

from __future__ import annotations

import numpy as np
import pytest

from bp_tutor.quiz.grading import grade
from bp_tutor.quiz.kinds import KINDS, generate
from bp_tutor.quiz.misconceptions import MISCONCEPTIONS
from bp_tutor.quiz.play import answer_text


def test_registry_is_complete() -> None:
    assert len(MISCONCEPTIONS) >= 20
    for m in MISCONCEPTIONS.values():
        assert m.title_en and m.title_zh and m.explanation_en and m.explanation_zh
    used = {w.misconception for k in KINDS for s in range(30)
            for p in generate(k, s).parts for w in p.wrong}
    assert used == set(MISCONCEPTIONS), set(MISCONCEPTIONS) ^ used


def _answers(question, index: int, value: np.ndarray) -> list[str]:
    texts = [answer_text(p.answer) for p in question.parts]
    texts[index] = answer_text(value)
    return texts


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_misconception_is_named_and_the_right_answer_is_right(kind: str) -> None:
    for seed in range(15):
        q = generate(kind, seed)
        right = grade(q, [answer_text(p.answer) for p in q.parts])
        assert right.verdict == "right" and right.misconception_id is None, (kind, seed)
        for index, part in enumerate(q.parts):
            for wrong in part.wrong:
                result = grade(q, _answers(q, index, wrong.value)[: index + 1]
                               + [answer_text(p.answer) for p in q.parts[index + 1:]])
                assert result.verdict != "right", (kind, seed, wrong.misconception)
                assert result.per_part[index].misconception_id == wrong.misconception
                title = MISCONCEPTIONS[wrong.misconception].title_en
                assert title in result.per_part[index].message


def test_misconception_messages_in_chinese() -> None:
    q = generate("sigmoid_prime", 3, "zh")
    wrong = next(w for w in q.parts[0].wrong if w.misconception == "z_for_a")
    result = grade(q, answer_text(wrong.value))
    assert MISCONCEPTIONS["z_for_a"].title_zh in result.message


def test_tolerance_boundary() -> None:
    q = generate("tanh_prime", 4)
    ref = float(q.parts[0].answer)
    assert grade(q, f"{ref + 0.009:.6f}").verdict == "right"
    assert grade(q, f"{ref + 0.05:.6f}").verdict == "wrong"


def test_parse_error_is_invalid_and_not_counted() -> None:
    q = generate("mse_gradient", 1)
    result = grade(q, "[0.5, ")
    assert result.verdict == "invalid" and not result.counted
    assert "^" in result.message


def test_shape_mismatch_messages() -> None:
    q = generate("mse_gradient", 1)
    assert "expected 3 values, got 2" in grade(q, "[1, 2]").message.lower()
    q = generate("layer_dw", 1)
    transposed = np.ones((2, 3)) * 7
    message = grade(q, answer_text(transposed)).message
    assert "expected a 3×2 matrix, got a 2×3 matrix" in message.lower()
    assert "did you transpose" in message
    # dW transposed with the right numbers is named as the misconception as well.
    named = grade(q, answer_text(q.parts[0].answer.T))
    assert named.misconception_id == "dw_transposed" and "transpose" in named.message


def test_error_carried_forward() -> None:
    q = generate("backprop_two_step", 1)
    part1, part2 = q.parts
    bad = next(w.value for w in part1.wrong if w.misconception == "missing_activation_derivative")
    # Part 2 computed by hand from the wrong δ², independently: (δ² W²ᵀ) ⊙ a¹(1 − a¹).
    w2 = np.asarray(q.params["W2"])
    z1 = np.asarray(q.params["x"]) @ np.asarray(q.params["W1"]) + np.asarray(q.params["b1"])
    a1 = 1 / (1 + np.exp(-z1))
    own = (bad.reshape(1, 2) @ w2.T) * a1 * (1 - a1)
    result = grade(q, [answer_text(bad), answer_text(own)])
    assert result.verdict == "partial"
    assert result.per_part[0].misconception_id == "missing_activation_derivative"
    assert result.per_part[1].verdict == "right" and result.per_part[1].carried
    assert "part 1" in result.per_part[1].message
    # The same part-2 numbers are wrong after a right part 1.
    if not np.allclose(own, part2.answer, atol=0.01):
        fresh = grade(q, [answer_text(part1.answer), answer_text(own)])
        assert fresh.per_part[1].verdict == "wrong"


def test_find_the_bug_by_line_number() -> None:
    q = generate("find_the_bug", 5)
    line = int(q.parts[0].answer)
    assert grade(q, str(line)).verdict == "right"
    assert grade(q, str(line % 6 + 1)).verdict == "wrong"
