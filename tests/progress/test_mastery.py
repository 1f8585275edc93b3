"""Mastery follows the documented exponentially weighted average, checked by hand."""

from __future__ import annotations

import pytest

from bp_tutor.progress import ProgressStore
from bp_tutor.progress.mastery import topic_mastery

from .helpers import FakeClock, OpenStore, answer


def test_rule_matches_hand_computation() -> None:
    # w = 0.3, start 0: right -> 0.3; right -> 0.7*0.3 + 0.3 = 0.51;
    # wrong -> 0.7*0.51 = 0.357; partial -> 0.7*0.357 + 0.15 = 0.3999
    result = topic_mastery(["right", "right", "wrong", "partial"])
    assert result.score == pytest.approx(0.3999)
    assert (result.attempts, result.right) == (4, 2)


def test_streak_of_right_answers_follows_closed_form() -> None:
    for k in range(1, 12):
        assert topic_mastery(["right"] * k).score == pytest.approx(1 - 0.7**k)


def test_score_stays_in_unit_interval_and_moves_the_right_way() -> None:
    history: list[str] = []
    previous = 0.0
    for verdict in ["right", "wrong", "right", "right", "partial", "wrong", "right"] * 5:
        history.append(verdict)
        score = topic_mastery(history).score
        assert 0.0 <= score <= 1.0
        if verdict == "right":
            assert score >= previous
        if verdict == "wrong":
            assert score <= previous
        previous = score


def test_store_mastery_per_topic_in_answer_order(store: ProgressStore, clock: FakeClock) -> None:
    for topic, verdict in [
        ("chain", "right"),
        ("softmax", "wrong"),
        ("chain", "wrong"),
        ("chain", "right"),
        ("softmax", "partial"),
    ]:
        clock.advance(seconds=5)
        answer(store, topic=topic, verdict=verdict)
    mastery = store.mastery()
    # chain: 0.3 -> 0.21 -> 0.147 + 0.3 = 0.447; softmax: 0 -> 0.15
    assert mastery["chain"].score == pytest.approx(0.447)
    assert mastery["chain"][1:] == (3, 2)
    assert mastery["softmax"].score == pytest.approx(0.15)
    assert mastery["softmax"][1:] == (2, 0)


def test_class_mastery_separates_students(open_at: OpenStore) -> None:
    ana, bo = open_at("ana"), open_at("bo")
    answer(ana, verdict="right")
    answer(bo, verdict="wrong")
    answer(bo, verdict="right")
    everyone = ana.class_mastery()
    assert set(everyone) == {"ana", "bo"}
    assert everyone["ana"]["chain"].score == pytest.approx(0.3)
    assert everyone["bo"]["chain"].score == pytest.approx(0.3)  # 0 then 0.7*0 + 0.3
    assert everyone["bo"]["chain"][1:] == (2, 1)
    assert ana.mastery("bo") == everyone["bo"]
