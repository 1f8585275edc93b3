"""Mastery of a topic: an exponentially weighted average of the student's recent verdicts.

Each verdict counts as v = 1 (right), 0.5 (partial) or 0 (wrong). Starting from score₀ = 0, every
attempt on the topic, oldest first, updates

    scoreₙ = (1 − w) · scoreₙ₋₁ + w · vₙ,        w = MASTERY_WEIGHT = 0.3

so the score stays in [0, 1], k right answers in a row from scratch give 1 − 0.7ᵏ (0.3, 0.51,
0.657, …), and a miss pulls the score down by 30 % of its value: recent answers matter most and an
old mistake fades as the student keeps getting it right.
"""

from __future__ import annotations

from collections.abc import Iterable

from bp_tutor.progress.records import TopicMastery

MASTERY_WEIGHT = 0.3
VERDICT_VALUE: dict[str, float] = {"right": 1.0, "partial": 0.5, "wrong": 0.0}


def topic_mastery(verdicts: Iterable[str]) -> TopicMastery:
    """Fold one topic's verdicts, oldest first, into its mastery."""
    score = 0.0
    attempts = 0
    right = 0
    for verdict in verdicts:
        score = (1.0 - MASTERY_WEIGHT) * score + MASTERY_WEIGHT * VERDICT_VALUE[verdict]
        attempts += 1
        right += verdict == "right"
    return TopicMastery(score=score, attempts=attempts, right=right)


def mastery_by_topic(topic_verdicts: Iterable[tuple[str, str]]) -> dict[str, TopicMastery]:
    """(topic, verdict) pairs in the order they were answered -> topic -> mastery."""
    grouped: dict[str, list[str]] = {}
    for topic, verdict in topic_verdicts:
        grouped.setdefault(topic, []).append(verdict)
    return {topic: topic_mastery(verdicts) for topic, verdicts in grouped.items()}
