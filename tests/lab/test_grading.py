"""'Your turn' grading, against numbers computed independently from the preset file."""

from __future__ import annotations

import pytest

from bp_tutor.lab.grading import grade_cell, likely_mistakes
from bp_tutor.lab.settings import setup_from_preset
from bp_tutor.nn import SGD, Trace, load_preset
from tests.lab.reference import toy452_reference


@pytest.fixture(scope="module")
def trace() -> Trace:
    return setup_from_preset("toy-452").step_trace()


def test_right_answer_typed_as_an_expression(trace: Trace) -> None:
    # z¹[0,0] = 1·0.2 + 1·0.1 + 0·(−0.3) + 0·0.4 + 0.1
    grade = grade_cell("1*0.2 + 1*0.1 + 0.1", trace, trace["z1"], (0, 0))
    assert grade.correct and grade.reference == pytest.approx(0.4)


def test_rounded_answer_within_half_a_unit_is_right(trace: Trace) -> None:
    value = toy452_reference()["a1"][1, 2]
    assert grade_cell(f"{value:.4f}", trace, trace["a1"], (1, 2)).correct
    assert not grade_cell(f"{value + 0.002:.4f}", trace, trace["a1"], (1, 2)).correct


def test_forgotten_bias_is_named(trace: Trace) -> None:
    grade = grade_cell("0.3", trace, trace["z1"], (0, 0))
    assert not grade.correct and grade.mistake == "bias_forgotten"


def test_forgotten_activation_is_named(trace: Trace) -> None:
    z = toy452_reference()["z1"][0, 3]
    grade = grade_cell(f"{z:.4f}", trace, trace["a1"], (0, 3))
    assert grade.mistake == "activation_forgotten"


def test_forgotten_derivative_in_hidden_delta_is_named(trace: Trace) -> None:
    ref = toy452_reference()
    back = (ref["delta2"] @ ref["W2"].T)[1, 2]
    grade = grade_cell(f"{back:.6f}", trace, trace["delta1"], (1, 2))
    assert grade.mistake == "missing_activation_derivative"


def test_flipped_sign_and_wrong_update_direction(trace: Trace) -> None:
    ref = toy452_reference()
    assert grade_cell(f"{-ref['dW2'][0, 1]:.6f}", trace, trace["dW2"], (0, 1)).mistake == "sign_flipped"
    wrong_way = ref["W2"][2, 0] + 0.5 * ref["dW2"][2, 0]
    grade = grade_cell(f"{wrong_way:.6f}", trace, trace["update_W2"], (2, 0))
    assert grade.mistake == "gradient_ascent"


def test_unexplained_wrong_answer_has_no_mistake(trace: Trace) -> None:
    grade = grade_cell("12345", trace, trace["z2"], (0, 0))
    assert not grade.correct and grade.mistake is None and grade.answer == 12345


def test_unreadable_answer_points_at_the_character(trace: Trace) -> None:
    grade = grade_cell("0.2 +* 1", trace, trace["z1"], (0, 0))
    assert grade.syntax_error is not None and not grade.correct
    assert "^" in grade.syntax_error.render("0.2 +* 1")


def test_a_vector_is_not_one_number(trace: Trace) -> None:
    grade = grade_cell("[1, 2]", trace, trace["z1"], (0, 0))
    assert grade.syntax_error is not None and grade.syntax_error.code == "not_a_number"


def test_every_mistake_the_lab_names_is_in_the_quiz_registry():
    from bp_tutor.quiz.misconceptions import MISCONCEPTIONS

    p = load_preset("toy-452")
    trace = p.network().train_step(p.x, p.y, SGD(learning_rate=0.5), record=True)
    named = {code for entry in trace if entry.phase != "input" and entry.value.ndim
             for code, _ in likely_mistakes(trace, entry, (0, 0))}
    assert named <= set(MISCONCEPTIONS), named - set(MISCONCEPTIONS)
    assert {"bias_forgotten", "activation_forgotten", "sign_flipped"} <= named
