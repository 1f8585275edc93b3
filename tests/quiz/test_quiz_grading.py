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
    used |= LAB_ONLY  # named by the lab's "your turn" (tests/lab/test_grading.py)
    used |= FROM_SUMS  # named from a part's sums, not a listed wrong answer (tested below)
    assert used == set(MISCONCEPTIONS), set(MISCONCEPTIONS) ^ used


LAB_ONLY = {"bias_forgotten", "activation_forgotten"}
FROM_SUMS = {"term_sign"}


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


def test_tolerance_is_relative_for_large_values() -> None:
    """A value of size 10 or so allows 1%: 0.9% off counts, 1.1% off does not."""
    q = next(q for q in (generate("derivative_at_point", s) for s in range(50))
             if abs(float(q.parts[0].answer)) > 5)
    ref = float(q.parts[0].answer)
    assert grade(q, f"{ref * 1.009:.6f}").verdict == "right"
    assert grade(q, f"{ref * 0.991:.6f}").verdict == "right"
    assert grade(q, f"{ref * 1.011:.6f}").verdict == "wrong"


def test_tolerance_has_a_floor_of_0_002_for_small_values() -> None:
    """δ entries of a few hundredths: 0.0019 off counts, 0.0021 off does not (the old fixed
    0.01 let 30% errors through)."""
    q = generate("layer_delta", 1)
    ref = q.parts[0].answer
    assert np.all(np.abs(ref) < 0.2)
    assert grade(q, answer_text(ref + 0.0019)).verdict == "right"
    assert grade(q, answer_text(ref - 0.0019)).verdict == "right"
    off = ref.copy()
    off[0, 0] += 0.0021
    assert grade(q, answer_text(off)).verdict == "wrong"


def test_three_decimals_or_three_significant_figures_always_count() -> None:
    """The precision the question asks for is enough for every kind and seed."""
    for kind in KINDS:
        if kind == "find_the_bug":
            continue
        for seed in range(10):
            q = generate(kind, seed)
            decimals = [np.round(p.answer, 3) for p in q.parts]
            significant = [np.vectorize(lambda v: float(f"{v:.3g}"))(p.answer)
                           for p in q.parts]
            for typed in (decimals, significant):
                texts = [answer_text(np.asarray(v, dtype=float)) for v in typed]
                assert grade(q, texts).verdict == "right", (kind, seed, texts)


@pytest.mark.parametrize(("lang", "words"), [("en", ("1%", "0.002", "whichever is larger")),
                                              ("zh", ("1%", "0.002", "较大"))])
def test_the_rule_is_stated_in_both_languages(lang: str, words: tuple[str, ...]) -> None:
    from bp_tutor.quiz.grading import tolerance_text

    small = tolerance_text(generate("layer_delta", 1, lang))
    assert all(word in small for word in words)
    assert ("3 decimals" if lang == "en" else "3 位小数") in small
    big = next(q for q in (generate("derivative_at_point", s, lang) for s in range(50))
               if abs(float(q.parts[0].answer)) >= 10)
    assert ("3 significant figures" if lang == "en" else "3 位有效数字") in tolerance_text(big)


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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_partly_wrong_matrix_names_the_wrong_positions(lang: str) -> None:
    q = generate("layer_dw", 2, lang)
    answer = np.array(q.parts[0].answer, dtype=float)
    rows, cols = answer.shape
    typed = answer.copy()
    typed[rows - 1, 0] += 5.0  # far outside the tolerance of any entry
    result = grade(q, answer_text(typed))
    assert result.verdict == "wrong" and result.misconception_id is None
    if lang == "en":
        assert f"{rows * cols - 1} of {rows * cols} values are right" in result.message
        assert f"check row {rows} column 1." in result.message
    else:
        assert f"{rows * cols} 个值中有 {rows * cols - 1} 个正确" in result.message
        assert f"第 {rows} 行第 1 列" in result.message


def test_a_partly_wrong_vector_names_values_and_an_all_wrong_one_does_not() -> None:
    q = generate("mse_gradient", 1)
    answer = np.array(q.parts[0].answer, dtype=float).reshape(-1)
    typed = answer.copy()
    typed[0] += 3.0
    typed[2] -= 3.0
    message = grade(q, answer_text(typed)).message
    assert f"1 of {answer.size} values is right; check value 1, value 3." in message
    all_wrong = grade(q, answer_text(answer + 3.0)).message
    assert "values are right" not in all_wrong and "Check the computation again" in all_wrong


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
    if not np.allclose(own, part2.answer, rtol=0.02, atol=0.004):
        fresh = grade(q, [answer_text(part1.answer), answer_text(own)])
        assert fresh.per_part[1].verdict == "wrong"


def test_find_the_bug_by_line_number() -> None:
    q = generate("find_the_bug", 5)
    line = int(q.parts[0].answer)
    assert grade(q, str(line)).verdict == "right"
    assert grade(q, str(line % 6 + 1)).verdict == "wrong"


# -- explanations that fit the question, and no repeated verdicts (reviewer's findings) --------

LOSS_SIGN = "½(a − y)²"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_flipped_sign_in_calculus_is_not_explained_with_a_loss(lang: str) -> None:
    """f(x) = 2x³ + 3x has no a or y: the sign explanation must not talk about ½(a − y)²."""
    q = generate("derivative_at_point", 3, lang)
    result = grade(q, answer_text(-q.parts[0].answer))
    assert result.misconception_id == "sign_flipped"
    assert MISCONCEPTIONS["sign_flipped"].title(lang) in result.message
    assert LOSS_SIGN not in result.message and "y − a" not in result.message
    for kind in ("partial_derivative", "tanh_prime", "softmax_jacobian", "layer_dw", "layer_db"):
        for seed in range(10):
            for part in generate(kind, seed, lang).parts:
                named = {w.misconception for w in part.wrong}
                assert "loss_sign_flipped" not in named, (kind, seed)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["mse_gradient", "softmax_ce_gradient", "batch_mean_gradient",
                                  "layer_delta", "neuron_weight_gradient"])
def test_y_minus_a_in_a_loss_gradient_is_explained_as_such(kind: str, lang: str) -> None:
    q = generate(kind, 1, lang)
    result = grade(q, answer_text(-q.parts[0].answer))
    assert result.misconception_id == "loss_sign_flipped"
    assert LOSS_SIGN in result.message and "y − a" in result.message


def test_the_chain_rules_inner_sign_is_named() -> None:
    """Lesson 1's f = (−3x + 1)² at x = 0.7: 6.6, and −6.6 when u′ = −3 is taken as +3."""
    q = generate("chain_rule", 2)
    assert (q.params["a"], q.params["b"], q.params["n"], q.params["x0"]) == (-3, 1, 2, 0.7)
    result = grade(q, "-6.6")
    assert result.verdict == "wrong" and result.misconception_id == "inner_derivative_sign"
    assert "sign" in result.message
    assert grade(q, "2*(-1.1)").misconception_id == "forgot_inner_derivative"
    zh = grade(generate("chain_rule", 2, "zh"), "-6.6")
    assert MISCONCEPTIONS["inner_derivative_sign"].title_zh in zh.message


def test_every_chain_rule_question_names_a_sign_mistake() -> None:
    for seed in range(60):
        q = generate("chain_rule", seed)
        wrong = {w.misconception: w.value for w in q.parts[0].wrong}
        expected = "inner_derivative_sign" if q.params["a"] < 0 else "sign_flipped"
        assert expected in wrong, (seed, q.params)
        np.testing.assert_allclose(wrong[expected], -q.parts[0].answer)
        assert "forgot_inner_derivative" in wrong


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("text", ["0", "7", "2.5", "-1", "[1, 2]"])
def test_find_the_bug_answer_that_is_no_line_is_invalid_and_not_counted(text: str,
                                                                        lang: str) -> None:
    q = generate("find_the_bug", 12, lang)
    lines = len(q.params["lines"])
    result = grade(q, text)
    assert result.verdict == "invalid" and not result.counted, result
    expected = (f"Give a line number from 1 to {lines}" if lang == "en"
                else f"请给出 1 到 {lines} 之间的行号")
    assert expected in result.message


def test_find_the_bug_messages_do_not_repeat_the_verdict() -> None:
    q = generate("find_the_bug", 12)
    bug = int(q.parts[0].answer)
    right = grade(q, str(bug)).message
    wrong_line = bug % 6 + 1
    wrong = grade(q, str(wrong_line)).message
    assert "Right" not in right and f"Line {bug}" in right
    assert "Not" not in wrong and f"Line {wrong_line} is correct" in wrong
    zh = generate("find_the_bug", 12, "zh")
    assert "正确" not in grade(zh, str(bug)).message
    assert f"第 {wrong_line} 行是对的" in grade(zh, str(wrong_line)).message



def test_many_wrong_positions_are_listed_up_to_three_then_counted() -> None:
    from bp_tutor.quiz.grading import wrong_values_message

    reference = np.arange(12.0).reshape(3, 4) + 1
    typed = reference.copy()
    typed[0, 1] += 5
    typed[1, :] += 5
    message = wrong_values_message(typed, reference, "en")
    assert message == ("7 of 12 values are right; check row 1 column 2, row 2 column 1, "
                       "row 2 column 2 and 2 more.")
    zh = wrong_values_message(typed, reference, "zh")
    assert zh == ("12 个值中有 7 个正确；请检查第 1 行第 2 列、第 2 行第 1 列、第 2 行第 2 列、另外 2 个。")
