"""What the home screen says about each lesson: new, in progress (step k/n) or done.

Pure functions over the progress store's records, kept apart from widgets so they are easy to test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from bp_tutor.ui.contracts import LessonLike, LessonProgressLike


class LessonState(Enum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BROKEN = "broken"


@dataclass(frozen=True)
class LessonStatus:
    """A lesson's state and, when started, the step the student is on (from 1) of how many."""

    state: LessonState
    step: int = 0
    total_steps: int = 0


def lesson_status(lesson: LessonLike, progress: LessonProgressLike | None) -> LessonStatus:
    if lesson.error:
        return LessonStatus(LessonState.BROKEN)
    total = len(lesson.steps)
    if progress is None:
        return LessonStatus(LessonState.NEW, 0, total)
    if progress.done:
        return LessonStatus(LessonState.DONE, total, total)
    # The lesson file may have gained or lost steps since the position was saved.
    step = min(max(progress.step, 1), max(total, 1))
    return LessonStatus(LessonState.IN_PROGRESS, step, total)


@dataclass(frozen=True)
class ContinueTarget:
    """The home screen's first action: resume, go on to the next lesson, or start."""

    kind: str  # "resume" | "next" | "start" | "review"
    lesson: LessonLike
    step: int


def continue_target(
    lessons: Sequence[LessonLike],
    progress: Mapping[str, LessonProgressLike],
    last_lesson_id: str | None,
) -> ContinueTarget | None:
    """Where "continue" leads.

    The lesson last touched if it is unfinished (at its saved step); otherwise the first lesson in
    curriculum order that is not done; when everything is done, the first lesson again for review.
    """
    readable = [lesson for lesson in lessons if not lesson.error]
    if not readable:
        return None
    by_id = {lesson.id: lesson for lesson in readable}
    if last_lesson_id in by_id:
        last = by_id[last_lesson_id]
        status = lesson_status(last, progress.get(last.id))
        if status.state is LessonState.IN_PROGRESS:
            return ContinueTarget("resume", last, status.step)
    for lesson in readable:
        record = progress.get(lesson.id)
        if record is None:
            kind = "next" if progress else "start"
            return ContinueTarget(kind, lesson, 1)
        if not record.done:
            return ContinueTarget("resume", lesson, lesson_status(lesson, record).step)
    return ContinueTarget("review", readable[0], 1)
