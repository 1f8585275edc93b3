"""A small class in a SQLite progress store, with the numbers worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bp_tutor.progress import open_store

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

# Mastery is the running average score ← 0.7·score + 0.3·v (v: right 1, partial 0.5, wrong 0),
# from 0, so by hand:
#   ana derivatives: right, right, right  -> 1 − 0.7³          = 0.657
#   ana backprop:    wrong, right         -> 0.7·0 + 0.3       = 0.3
#   bob derivatives: partial, wrong       -> 0.7·0.15 + 0      = 0.105
EXPECTED: dict[str, dict[str, Any]] = {
    "ana": {"lessons_done": 1, "lessons_started": 2, "attempts": 5, "right": 4,
            "mastery": {"backprop": 0.3, "derivatives": 0.657}},
    "bob": {"lessons_done": 0, "lessons_started": 1, "attempts": 2, "right": 0,
            "mastery": {"derivatives": 0.105}},
}


def fill_class(path: Path | str, connect: bool = False) -> None:
    """Write ana's and bob's history; with `connect`, both also have a live session."""
    moment = [START]

    def clock() -> datetime:
        moment[0] += timedelta(seconds=10)
        return moment[0]

    Answer = tuple[str, str, str | None]
    answers: dict[str, list[Answer]] = {
        "ana": [("derivatives", "right", None), ("derivatives", "right", None),
                ("backprop", "wrong", "forgot_mean"), ("derivatives", "right", None),
                ("backprop", "right", None)],
        "bob": [("derivatives", "partial", "forgot_mean"), ("derivatives", "wrong", "forgot_mean")],
    }
    lessons: dict[str, list[tuple[str, int, int, bool]]] = {
        "ana": [("derivatives", 5, 5, True), ("backprop", 2, 7, False)],
        "bob": [("derivatives", 3, 5, False)],
    }
    for student in ("ana", "bob"):
        with open_store(path, student=student, clock=clock) as store:
            for topic, verdict, misconception in answers[student]:
                store.record_attempt(kind=f"{topic}_q", topic=topic, seed=1, answer="0.25",
                                     verdict=verdict, misconception=misconception, seconds=4.0)
            for lesson_id, step, total, done in lessons[student]:
                store.set_lesson_progress(lesson_id, step=step, total_steps=total, done=done)
    if connect:
        for student, lesson in (("ana", "backprop"), ("bob", None)):
            # Logged in a minute before the first answer (the class began then), and seen just
            # now (so the dashboard counts them as connected).
            with open_store(path, student=student,
                            clock=lambda: START - timedelta(minutes=1)) as store:
                session = store.session_start(None)
            with open_store(path, student=student) as store:
                store.session_heartbeat(session, lesson)
