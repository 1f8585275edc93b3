"""What the teacher's dashboard shows, computed from the store without any Textual.

- who is connected and which lesson each is on (sessions with a recent heartbeat);
- mastery per topic across the class: the mean of the scores of the students who tried it;
- the most frequent misconceptions since the class began ("14 students: the 1/N was forgotten");
- the gradebook (shared with `bp-tutor class report`);
- for one student: their lessons, mastery and most recent attempts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bp_tutor.classroom.gradebook import StudentRecord, gradebook
from bp_tutor.progress import ActiveSession, Attempt, ProgressStore
from bp_tutor.ui.contracts import LessonLike, step_segments

# A session's "lesson" when the student is elsewhere: PRESENCE_PREFIX + "lab" or + "drill"
# (a ':' starts no lesson id: those are file names).
PRESENCE_PREFIX = ":"

# A student whose tutor has not sent a heartbeat for this long is shown as gone.
PRESENCE_SECONDS = 60.0
RECENT_ATTEMPTS = 15


@dataclass(frozen=True)
class ConnectedStudent:
    """A connected student: where they are, since when. `places` holds each session's lesson (or
    None: home), one per session (more than one when the same name is logged in twice), the
    most recently seen first."""

    student: str
    since: datetime
    last_seen: datetime
    places: tuple[str | None, ...] = (None,)

    @property
    def sessions(self) -> int:
        return len(self.places)


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


class QuizPlaces:
    """Which step of which lesson a quiz was asked in, from the lessons' `quiz` blocks.

    An attempt records its lesson, kind and seed but not its step. A block with a fixed seed is
    found by it; a fresh question per visit (no seed) by its kind, as the lesson screen pairs
    blocks after a language switch.
    """

    def __init__(self, lessons: Iterable[LessonLike] = ()) -> None:
        self._blocks: dict[str, list[tuple[str, str | None, int]]] = {}
        for lesson in lessons:
            found = self._blocks.setdefault(lesson.id, [])
            for number, step in enumerate(lesson.steps, start=1):
                for segment in step_segments(step):
                    if getattr(segment, "type", None) != "quiz":
                        continue
                    attrs = getattr(segment, "attrs", {})
                    kind, seed = attrs.get("kind"), attrs.get("seed")
                    if isinstance(kind, str):
                        found.append((kind, str(seed) if seed is not None else None, number))

    def step(self, lesson_id: str, kind: str, seed: int) -> int | None:
        """The 1-based step, or None when the lesson (no longer) has a quiz of that kind."""
        blocks = [(s, number) for k, s, number in self._blocks.get(lesson_id, ()) if k == kind]
        for fixed in (str(seed), None):
            for block_seed, number in blocks:
                if block_seed == fixed:
                    return number
        return blocks[0][1] if blocks else None


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


def connected_students(sessions: Sequence[ActiveSession]) -> list[ConnectedStudent]:
    """One entry per student, by name, however many sessions they have open."""
    by_student: dict[str, list[ActiveSession]] = {}
    for session in sessions:
        by_student.setdefault(session.student, []).append(session)
    connected = []
    for student, own in sorted(by_student.items()):
        own.sort(key=lambda s: s.last_seen, reverse=True)
        connected.append(ConnectedStudent(
            student=student,
            since=min(s.started_at for s in own),
            last_seen=own[0].last_seen,
            places=tuple(s.lesson_id for s in own),
        ))
    return connected


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
    connected = connected_students(store.active_sessions(max_age_seconds=presence_seconds))
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
