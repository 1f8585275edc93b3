"""Thousands of draws per kind: no accepted question has two answers a typed value could
confuse, and no ReLU input sits on the kink."""

from __future__ import annotations

import numpy as np
import pytest

from bp_tutor.quiz.kinds import KINDS, TOPICS, generate

DRAWS = 2000


def _allowed(v: float) -> float:
    """The stated rule, written out again here: 1% of the value, at least 0.002."""
    return max(0.002, 0.01 * abs(v))


def _far(a: np.ndarray, b: np.ndarray) -> bool:
    """Independent of the code under test: some value of `a` and `b` further apart than twice
    the larger tolerance of the two (or different sizes), so no typed answer is within the
    tolerance of both."""
    a, b = np.asarray(a, dtype=float).reshape(-1), np.asarray(b, dtype=float).reshape(-1)
    if a.size != b.size:
        return True
    return any(abs(u - v) > 2 * max(_allowed(u), _allowed(v)) for u, v in zip(a, b, strict=True))


def test_far_is_strict_enough_that_no_value_is_near_both() -> None:
    """The ambiguity margin really separates: a typed value right between two answers that are
    just far enough apart is within the tolerance of at most one of them."""
    for right in (0.03, 0.5, 4.0, -12.0):
        margin = 2 * max(_allowed(right), _allowed(right * 1.03))
        wrong = right + np.sign(right) * margin * 1.001
        assert _far(np.array(right), np.array(wrong))
        for typed in np.linspace(right, wrong, 201):
            assert not (abs(typed - right) <= _allowed(right)
                        and abs(typed - wrong) <= _allowed(wrong))


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_no_accepted_draw_is_ambiguous(kind: str) -> None:
    for seed in range(DRAWS):
        question = generate(kind, seed)
        for part in question.parts:
            values = [part.answer] + [w.value for w in part.wrong]
            for i in range(len(values)):
                for j in range(i + 1, len(values)):
                    assert _far(values[i], values[j]), (kind, seed, i, j)
        if kind in ("relu_prime", "leaky_relu_prime"):
            assert np.all(question.params["z"] != 0), (kind, seed)
        for part in question.parts:  # typing all zeros passes only for an answer that is zero
            answer = np.asarray(part.answer, dtype=float).reshape(-1)
            assert (not answer.any()
                    or any(abs(v) > _allowed(v) for v in answer)), (kind, seed, part.label)


def test_redraws_happen_and_ambiguous_draws_are_caught() -> None:
    """x = 1 makes the power-rule mistake equal to the right answer: such draws are rejected."""
    from bp_tutor.quiz.kinds import ambiguity
    from bp_tutor.quiz.model import Draft, Part, WrongAnswer

    def draft(right: float, wrong: float) -> Draft:
        return Draft("p", (Part("f′", "p", np.array(right),
                                (WrongAnswer("power_rule", np.array(wrong)),)),), (), "")

    # 3 allows ±0.03 and 3.04 allows ±0.0304: 0.04 apart, a typed 3.02 fits both.
    assert ambiguity(draft(3.0, 3.04)) is not None
    assert ambiguity(draft(3.0, 3.5)) is None
    # Near 0 the floor of 0.002 rules: 0.003 apart is ambiguous, 0.005 apart is not.
    assert ambiguity(draft(0.010, 0.013)) is not None
    assert ambiguity(draft(0.010, 0.015)) is None
    # Every entry inside the floor: a student typing [0, 0] would be told it is right.
    assert ambiguity(draft(0.0015, 0.5)) is not None
    assert ambiguity(draft(0.0, 0.5)) is None  # a true 0 (a ReLU slope for z < 0) is fine
    assert ambiguity(draft(0.0025, 0.5)) is None
    x0 = [generate("derivative_at_point", s).params["x0"] for s in range(500)]
    assert 1.0 not in x0 and 0.0 not in x0


def test_every_topic_has_kinds() -> None:
    from bp_tutor.quiz.kinds import kinds_for_topic

    assert {k.topic for k in KINDS.values()} <= set(TOPICS)
    for topic in TOPICS:
        assert kinds_for_topic(topic), topic
    assert len(KINDS) == 21
