"""Thousands of draws per kind: no accepted question has two answers a typed value could
confuse, and no ReLU input sits on the kink."""

from __future__ import annotations

import numpy as np
import pytest

from bp_tutor.quiz.kinds import KINDS, TOPICS, generate
from bp_tutor.quiz.model import TOLERANCE

DRAWS = 2000


def _far(a: np.ndarray, b: np.ndarray) -> bool:
    """Independent of the code under test: values further apart than twice the tolerance
    somewhere (or of different sizes), so no answer lies within the tolerance of both."""
    a, b = np.asarray(a, dtype=float).reshape(-1), np.asarray(b, dtype=float).reshape(-1)
    return a.size != b.size or float(np.max(np.abs(a - b))) > 2 * TOLERANCE


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


def test_redraws_happen_and_ambiguous_draws_are_caught() -> None:
    """x = 1 makes the power-rule mistake equal to the right answer: such draws are rejected."""
    from bp_tutor.quiz.kinds import ambiguity
    from bp_tutor.quiz.model import Draft, Part, WrongAnswer

    bad = Draft("p", (Part("f′", "p", np.array(3.0), (WrongAnswer("power_rule",
                                                                   np.array(3.004)),)),), (), "")
    assert ambiguity(bad) is not None
    ok = Draft("p", (Part("f′", "p", np.array(3.0), (WrongAnswer("power_rule",
                                                                  np.array(3.5)),)),), (), "")
    assert ambiguity(ok) is None
    x0 = [generate("derivative_at_point", s).params["x0"] for s in range(500)]
    assert 1.0 not in x0 and 0.0 not in x0


def test_every_topic_has_kinds() -> None:
    topics = {k.topic for k in KINDS.values()}
    assert topics == set(TOPICS)
    assert len(KINDS) == 21
