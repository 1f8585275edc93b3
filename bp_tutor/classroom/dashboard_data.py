"""What the teacher's dashboard shows, computed from the store without any Textual.

- who is connected and which lesson each is on (sessions with a recent heartbeat);
- mastery per topic across the class: the mean of the scores of the students who tried it;
- the most frequent misconceptions since the class began ("14 students: the 1/N was forgotten");
- the gradebook (shared with `bp-tutor class report`);
- for one student: their lessons, mastery and most recent attempts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bp_tutor.classroom.gradebook import StudentRecord, gradebook
from bp_tutor.progress import Attempt, ProgressStore

# A session's "lesson" when the student is elsewhere: PRESENCE_PREFIX + "lab" or + "drill"
# (a ':' starts no lesson id: those are file names).
PRESENCE_PREFIX = ":"

# A student whose tutor has not sent a heartbeat for this long is shown as gone.
PRESENCE_SECONDS = 60.0
RECENT_ATTEMPTS = 15


@dataclass(frozen=True)
class ConnectedStudent:
    student: str
    lesson_id: str | None
    since: datetime
    last_seen: datetime


@dataclass(frozen=True)
class TopicSummary:
    """Class mastery of one topic: mean score over the `students` who attempted it."""

    topic: str
    mean_score: float
    students: int
    attempts: int


@dataclass(frozen=True)
class MisconceptionSummary:
    misconception: str
    attempts: int
    students: int


@dataclass(frozen=True)
class ClassSnapshot:
    connected: list[ConnectedStudent]
    topics: list[TopicSummary]
    misconceptions: list[MisconceptionSummary]
    students: list[StudentRecord]
    misconceptions_since: datetime | None


@dataclass(frozen=True)
class LessonLine:
    lesson_id: str
    step: int
    total_steps: int
    done: bool


@dataclass(frozen=True)
class StudentDetail:
    student: str
    lessons: list[LessonLine]
    mastery: list[TopicSummary]
    recent: list[Attempt]


def topic_summaries(records: list[StudentRecord], attempts_by_topic: Mapping[str, int]) -> list[TopicSummary]:
    """Mean mastery per topic over the students who tried it, weakest topic first."""
    scores: dict[str, list[float]] = {}
    for record in records:
        for topic, score in record.mastery.items():
            scores.setdefault(topic, []).append(score)
    summaries = [
        TopicSummary(topic, sum(values) / len(values), len(values), attempts_by_topic.get(topic, 0))
        for topic, values in scores.items()
    ]
    return sorted(summaries, key=lambda s: (s.mean_score, s.topic))


def class_snapshot(
    store: ProgressStore, since: datetime | None, presence_seconds: float = PRESENCE_SECONDS
) -> ClassSnapshot:
    """Everything on the dashboard's front page. Misconceptions are counted from `since`
    (None: all time)."""
    class_mastery = store.class_mastery()
    records = gradebook(store, class_mastery)
    attempts_by_topic: dict[str, int] = {}
    for per_topic in class_mastery.values():
        for topic, mastery in per_topic.items():
            attempts_by_topic[topic] = attempts_by_topic.get(topic, 0) + mastery.attempts
    connected = [
        ConnectedStudent(s.student, s.lesson_id, s.started_at, s.last_seen)
        for s in store.active_sessions(max_age_seconds=presence_seconds)
    ]
    misconceptions = [
        MisconceptionSummary(name, count, students)
        for name, count, students in store.misconception_counts(since)
    ]
    # Most students first: "14 students made this mistake" matters more than one student's 30 tries.
    misconceptions.sort(key=lambda m: (-m.students, -m.attempts, m.misconception))
    return ClassSnapshot(
        connected=connected,
        topics=topic_summaries(records, attempts_by_topic),
        misconceptions=misconceptions,
        students=records,
        misconceptions_since=since,
    )


def student_detail(store: ProgressStore, student: str, recent: int = RECENT_ATTEMPTS) -> StudentDetail:
    """One student's lessons, mastery per topic (weakest first) and latest attempts (newest first)."""
    lessons = [
        LessonLine(lesson_id, p.step, p.total_steps, p.done)
        for lesson_id, p in store.lesson_progress(student).items()
    ]
    mastery = sorted(
        (TopicSummary(topic, m.score, 1, m.attempts) for topic, m in store.mastery(student).items()),
        key=lambda s: (s.mean_score, s.topic),
    )
    attempts = store.attempts(student)
    return StudentDetail(student, lessons, mastery, list(reversed(attempts[-recent:])))
