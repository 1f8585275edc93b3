"""Lesson status and the "continue" target."""

from __future__ import annotations

from pathlib import Path

from bp_tutor.lessons.model import Lesson, Prose, Step
from bp_tutor.ui.progress_view import LessonState, continue_target, lesson_status
from tests.ui.fakes import FakeProgress


def lesson(lesson_id: str, steps: int = 3, error: str | None = None) -> Lesson:
    body = tuple(Step((Prose(f"step {n}", n),)) for n in range(steps))
    return Lesson(lesson_id, lesson_id.title(), (), (), 5, "en", Path("x.md"), body, error)


A, B, C = lesson("a"), lesson("b"), lesson("c")


def test_status_of_new_in_progress_done_and_broken() -> None:
    assert lesson_status(A, None).state is LessonState.NEW
    status = lesson_status(A, FakeProgress(2, 3, False))
    assert (status.state, status.step, status.total_steps) == (LessonState.IN_PROGRESS, 2, 3)
    assert lesson_status(A, FakeProgress(3, 3, True)).state is LessonState.DONE
    assert lesson_status(lesson("x", 0, "x.md:1: bad"), None).state is LessonState.BROKEN


def test_saved_step_is_clamped_when_the_lesson_got_shorter() -> None:
    assert lesson_status(A, FakeProgress(9, 9, False)).step == 3


def test_continue_starts_with_the_first_readable_lesson() -> None:
    broken = lesson("zero", 0, "bad")
    target = continue_target([broken, A, B], {}, None)
    assert target is not None and (target.kind, target.lesson.id, target.step) == ("start", "a", 1)


def test_continue_resumes_the_last_unfinished_lesson_at_its_step() -> None:
    progress = {"a": FakeProgress(3, 3, True), "c": FakeProgress(2, 3, False)}
    target = continue_target([A, B, C], progress, "c")
    assert target is not None and (target.kind, target.lesson.id, target.step) == ("resume", "c", 2)


def test_after_finishing_the_last_lesson_touched_next_is_the_first_not_done() -> None:
    progress = {"a": FakeProgress(3, 3, True)}
    target = continue_target([A, B, C], progress, "a")
    assert target is not None and (target.kind, target.lesson.id) == ("next", "b")


def test_everything_done_offers_review() -> None:
    progress = {x.id: FakeProgress(3, 3, True) for x in (A, B)}
    target = continue_target([A, B], progress, "b")
    assert target is not None and (target.kind, target.lesson.id) == ("review", "a")
    assert continue_target([], {}, None) is None
