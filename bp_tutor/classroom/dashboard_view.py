"""The dashboard's tables as plain text rows, in the teacher's language.

Everything the screen shows is decided here (which columns, how a score or a time is written),
so the Textual screen only lays tables out and the numbers can be tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bp_tutor.classroom.dashboard_data import (
    PRESENCE_PREFIX,
    ClassSnapshot,
    ConnectedStudent,
    QuizPlaces,
    StudentDetail,
)
from bp_tutor.progress import Attempt
from bp_tutor.ui.i18n import get_language, t


@dataclass(frozen=True)
class TableData:
    """A titled table; `keys[i]` identifies row i (a student name, for drilling down)."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    keys: tuple[str, ...]


def percent(score: float) -> str:
    return f"{round(score * 100):d}%"


def clock(moment: datetime) -> str:
    """Local wall-clock time, HH:MM."""
    return moment.astimezone().strftime("%H:%M")


def misconception_title(name: str) -> str:
    """The mistake's title in the teacher's language; its id if the quiz package cannot say."""
    try:
        from bp_tutor.quiz.misconceptions import MISCONCEPTIONS
    except ImportError:
        return name
    known = MISCONCEPTIONS.get(name)
    return known.title(get_language()) if known is not None else name


def quiz_title(kind: str) -> str:
    """The quiz kind's title in the teacher's language; its id when no quiz has it any more."""
    try:
        from bp_tutor.quiz import KINDS
    except ImportError:
        return kind
    known = KINDS.get(kind)
    return known.title(get_language()) if known is not None else kind


def _where(titles: Mapping[str, str], places: QuizPlaces | None, attempt: Attempt) -> str:
    """The lesson and step an answer was given in, or "(a drill)"."""
    if attempt.lesson_id is None:
        return t("classroom.in_drill")
    lesson = _lesson(titles, attempt.lesson_id)
    step = places.step(attempt.lesson_id, attempt.kind, attempt.seed) if places is not None else None
    return lesson if step is None else t("classroom.where.step", lesson=lesson, step=step)


def _lesson(titles: Mapping[str, str], lesson_id: str | None) -> str:
    if lesson_id is None:
        return t("classroom.not_in_lesson")
    if lesson_id.startswith(PRESENCE_PREFIX):
        place = lesson_id.removeprefix(PRESENCE_PREFIX)
        return t(f"classroom.in_{place}") if place in ("lab", "drill") else place
    return titles.get(lesson_id, lesson_id)


def _student(connected: ConnectedStudent) -> str:
    """The name, and how many sessions use it when more than one does (two students who typed the
    same name, or one back from a dropped connection before the old session timed out)."""
    if connected.sessions == 1:
        return connected.student
    return t("classroom.sessions", student=connected.student, count=connected.sessions)


def _places(titles: Mapping[str, str], connected: ConnectedStudent) -> str:
    return " / ".join(_lesson(titles, place) for place in connected.places)


def class_tables(snapshot: ClassSnapshot, titles: Mapping[str, str]) -> list[TableData]:
    """Connected students, topic mastery, misconceptions, gradebook."""
    connected = TableData(
        "connected",
        t("classroom.connected.title"),
        (t("classroom.col.student"), t("classroom.col.lesson"), t("classroom.col.since")),
        tuple((_student(c), _places(titles, c), clock(c.since)) for c in snapshot.connected),
        tuple(c.student for c in snapshot.connected),
    )
    topics = TableData(
        "topics",
        t("classroom.topics.title"),
        (
            t("classroom.col.topic"),
            t("classroom.col.mastery"),
            t("classroom.col.students"),
            t("classroom.col.attempts"),
        ),
        tuple(
            (_lesson(titles, s.topic), percent(s.mean_score), str(s.students), str(s.attempts))
            for s in snapshot.topics
        ),
        tuple(s.topic for s in snapshot.topics),
    )
    since = clock(snapshot.misconceptions_since) if snapshot.misconceptions_since else "—"
    mistakes = TableData(
        "misconceptions",
        t("classroom.misconceptions.title", time=since),
        (t("classroom.col.mistake"), t("classroom.col.times")),
        tuple(
            (
                t(
                    "classroom.misconception.line",
                    students=m.students,
                    title=misconception_title(m.misconception),
                ),
                str(m.attempts),
            )
            for m in snapshot.misconceptions
        ),
        tuple(m.misconception for m in snapshot.misconceptions),
    )
    students = TableData(
        "students",
        t("classroom.students.title"),
        (
            t("classroom.col.student"),
            t("classroom.col.lessons_done"),
            t("classroom.col.attempts"),
            t("classroom.col.right"),
            t("classroom.col.mastery"),
        ),
        tuple(
            (
                r.student,
                str(r.lessons_done),
                str(r.attempts),
                str(r.right),
                percent(sum(r.mastery.values()) / len(r.mastery)) if r.mastery else "—",
            )
            for r in snapshot.students
        ),
        tuple(r.student for r in snapshot.students),
    )
    return [connected, topics, mistakes, students]


def student_tables(detail: StudentDetail, titles: Mapping[str, str],
                   places: QuizPlaces | None = None) -> list[TableData]:
    """One student's lessons, mastery and recent attempts (each named by its quiz's title and
    the lesson step it was asked in, from `places`)."""
    lessons = TableData(
        "lessons",
        t("classroom.student.lessons"),
        (t("classroom.col.lesson"), t("classroom.col.step")),
        tuple(
            (
                _lesson(titles, line.lesson_id),
                t("classroom.lesson.done")
                if line.done
                else t("classroom.lesson.at", step=line.step, total=line.total_steps),
            )
            for line in detail.lessons
        ),
        tuple(line.lesson_id for line in detail.lessons),
    )
    mastery = TableData(
        "mastery",
        t("classroom.student.mastery"),
        (t("classroom.col.topic"), t("classroom.col.mastery"), t("classroom.col.attempts")),
        tuple((_lesson(titles, s.topic), percent(s.mean_score), str(s.attempts)) for s in detail.mastery),
        tuple(s.topic for s in detail.mastery),
    )
    recent = TableData(
        "recent",
        t("classroom.student.recent"),
        (
            t("classroom.col.when"),
            t("classroom.col.kind"),
            t("classroom.col.where"),
            t("classroom.col.answer"),
            t("classroom.col.verdict"),
            t("classroom.col.mistake"),
        ),
        tuple(
            (
                clock(a.at),
                quiz_title(a.kind),
                _where(titles, places, a),
                a.answer if len(a.answer) <= 30 else a.answer[:29] + "…",
                t(f"classroom.verdict.{a.verdict}"),
                misconception_title(a.misconception) if a.misconception else "",
            )
            for a in detail.recent
        ),
        tuple(str(a.id) for a in detail.recent),
    )
    return [lessons, mastery, recent]
