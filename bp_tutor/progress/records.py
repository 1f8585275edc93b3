"""The plain values the progress store hands back: attempts, lesson positions, mastery, presence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Attempt:
    """One answer a student gave to one quiz question, as it was saved."""

    id: int
    student: str
    at: datetime
    kind: str
    topic: str
    seed: int
    answer: str
    verdict: str
    misconception: str | None
    seconds: float
    lesson_id: str | None
    part: int


class LessonProgress(NamedTuple):
    """Where a student is in one lesson: step `step` of `total_steps`, finished or not."""

    step: int
    total_steps: int
    done: bool
    updated_at: datetime


class TopicMastery(NamedTuple):
    """How well a topic is known: `score` in [0, 1] (see bp_tutor.progress.mastery), and counts."""

    score: float
    attempts: int
    right: int


class ActiveSession(NamedTuple):
    """A student who is connected now, for the teacher's dashboard."""

    student: str
    lesson_id: str | None
    started_at: datetime
    last_seen: datetime
