"""ProgressStore: what a student did and where they are, on whichever backend was opened.

Every write is one transaction that has committed when the method returns. Reads that derive a
number (mastery, due reviews) replay the saved attempts, so there is no second copy of the truth
that could drift from the history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from bp_tutor.progress.database import Database, Row
from bp_tutor.progress.errors import StoreError
from bp_tutor.progress.mastery import mastery_by_topic
from bp_tutor.progress.records import ActiveSession, Attempt, LessonProgress, TopicMastery
from bp_tutor.progress.review import due_kinds, review_cards
from bp_tutor.progress.validation import (
    check_count,
    check_label,
    check_seconds,
    check_seed,
    check_student_name,
    check_verdict,
    from_epoch,
    storable_text,
    to_epoch,
)

Clock = Callable[[], datetime]

_ATTEMPT_COLUMNS = (
    "id, student, at, kind, topic, seed, answer, verdict, misconception, seconds, lesson_id, part"
)


def utc_now() -> datetime:
    return datetime.now(UTC)


class ProgressStore:
    """Attempts, lesson positions, mastery and presence for `student` (and, for a teacher, all).

    Methods taking `student: str | None` read the current student's data when given None.
    A store may be shared between threads; each process opens its own.
    """

    def __init__(self, db: Database, *, student: str, clock: Clock = utc_now) -> None:
        self._db = db
        self._student = check_student_name(student)
        self._clock = clock
        self._registered = False
        #: Where a damaged database file was moved by `open_store(..., recover=True)`, if it was.
        self.moved_aside: Path | None = None
        #: True when `open_store` found no bp-tutor database there and made one.
        self.created = False

    # -- identity -------------------------------------------------------------------------------

    @property
    def student(self) -> str:
        return self._student

    @property
    def location(self) -> str:
        """The file path or (password-free) URL of the database, for messages."""
        return self._db.location

    @property
    def backend(self) -> str:
        """The backend in use: sqlite or postgresql."""
        return self._db.dialect

    def students(self) -> list[str]:
        """Everyone who has saved anything, by name."""
        rows = self._db.query("list the students", "SELECT name FROM students ORDER BY name")
        return [row[0] for row in rows]

    # -- quiz attempts ---------------------------------------------------------------------------

    def record_attempt(
        self,
        *,
        kind: str,
        topic: str,
        seed: int,
        answer: str,
        verdict: str,
        misconception: str | None,
        seconds: float,
        lesson_id: str | None = None,
        part: int = 0,
    ) -> None:
        """Save one answer; it is committed (and fsynced on SQLite) when this returns."""
        now = to_epoch(self._clock())
        values = (
            self._student,
            now,
            check_label("kind", kind),
            check_label("topic", topic),
            check_seed(seed),
            storable_text(answer),
            check_verdict(verdict),
            check_label("misconception", misconception, optional=True),
            check_seconds(seconds),
            check_label("lesson_id", lesson_id, optional=True),
            check_count("part", part),
        )
        with self._writing("save the attempt", now):
            self._db.execute(
                "INSERT INTO attempts (student, at, kind, topic, seed, answer, verdict, "
                "misconception, seconds, lesson_id, part) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )

    def attempts(self, student: str | None = None, since: datetime | None = None) -> list[Attempt]:
        """The student's attempts, oldest first; only those at or after `since` if given."""
        name = self._resolve(student)
        start = to_epoch(since) if since is not None else float("-inf")
        rows = self._db.query(
            "read the attempts",
            f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE student = ? AND at >= ? ORDER BY at, id",
            (name, start),
        )
        return [_attempt(row) for row in rows]

    def class_attempts(self, since: datetime | None = None) -> list[Attempt]:
        """Every student's attempts, oldest first (for the teacher's reports)."""
        start = to_epoch(since) if since is not None else float("-inf")
        rows = self._db.query(
            "read the attempts",
            f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE at >= ? ORDER BY at, id",
            (start,),
        )
        return [_attempt(row) for row in rows]

    def mastery(self, student: str | None = None) -> dict[str, TopicMastery]:
        """topic -> mastery (rule in bp_tutor.progress.mastery) for one student."""
        rows = self._db.query(
            "read the attempts",
            "SELECT topic, verdict FROM attempts WHERE student = ? ORDER BY at, id",
            (self._resolve(student),),
        )
        return mastery_by_topic((row[0], row[1]) for row in rows)

    def class_mastery(self) -> dict[str, dict[str, TopicMastery]]:
        """student -> topic -> mastery, for every student who has answered anything."""
        rows = self._db.query(
            "read the attempts",
            "SELECT student, topic, verdict FROM attempts ORDER BY student, at, id",
        )
        by_student: dict[str, list[tuple[str, str]]] = {}
        for student, topic, verdict in rows:
            by_student.setdefault(student, []).append((topic, verdict))
        return {student: mastery_by_topic(pairs) for student, pairs in by_student.items()}

    def due_reviews(self, now: datetime | None = None) -> list[str]:
        """Question kinds due for spaced review (rule in bp_tutor.progress.review), most
        overdue first."""
        moment = to_epoch(now if now is not None else self._clock())
        rows = self._db.query(
            "read the attempts",
            "SELECT kind, at, verdict FROM attempts WHERE student = ? ORDER BY at, id",
            (self._student,),
        )
        cards = review_cards((row[0], float(row[1]), row[2]) for row in rows)
        return due_kinds(cards.values(), moment)

    def misconception_counts(self, since: datetime | None = None) -> list[tuple[str, int, int]]:
        """(misconception, attempts showing it, distinct students), most frequent first."""
        start = to_epoch(since) if since is not None else float("-inf")
        rows = self._db.query(
            "count the misconceptions",
            "SELECT misconception, COUNT(*), COUNT(DISTINCT student) FROM attempts "
            "WHERE misconception IS NOT NULL AND at >= ? "
            "GROUP BY misconception ORDER BY COUNT(*) DESC, misconception",
            (start,),
        )
        return [(row[0], int(row[1]), int(row[2])) for row in rows]

    # -- lessons ---------------------------------------------------------------------------------

    def set_lesson_progress(self, lesson_id: str, *, step: int, total_steps: int, done: bool) -> None:
        """Remember that the student is at `step` (0-based or 1-based, the caller's choice; at
        most `total_steps`) of the lesson."""
        check_label("lesson_id", lesson_id)
        check_count("step", step)
        check_count("total_steps", total_steps, minimum=1)
        if step > total_steps:
            raise StoreError(f"step {step} is past the lesson's last step ({total_steps})")
        if not isinstance(done, bool):
            raise StoreError(f"done must be True or False, got {done!r}")
        now = to_epoch(self._clock())
        with self._writing("save the lesson position", now):
            self._db.execute(
                "INSERT INTO lesson_progress (student, lesson_id, step, total_steps, done, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (student, lesson_id) DO UPDATE SET step = excluded.step, "
                "total_steps = excluded.total_steps, done = excluded.done, "
                "updated_at = excluded.updated_at",
                (self._student, lesson_id, step, total_steps, int(done), now),
            )

    def lesson_progress(self, student: str | None = None) -> dict[str, LessonProgress]:
        """lesson_id -> where the student is in it."""
        rows = self._db.query(
            "read the lesson positions",
            "SELECT lesson_id, step, total_steps, done, updated_at FROM lesson_progress "
            "WHERE student = ? ORDER BY lesson_id",
            (self._resolve(student),),
        )
        return {
            row[0]: LessonProgress(int(row[1]), int(row[2]), bool(row[3]), from_epoch(row[4])) for row in rows
        }

    def class_lesson_counts(self) -> dict[str, tuple[int, int]]:
        """student -> (lessons done, lessons started), for the whole class in one query."""
        rows = self._db.query(
            "read the lesson positions",
            "SELECT student, SUM(done), COUNT(*) FROM lesson_progress GROUP BY student",
        )
        return {row[0]: (int(row[1]), int(row[2])) for row in rows}

    def last_lesson(self, student: str | None = None) -> str | None:
        """The lesson touched most recently (finished or not), for "continue where you left off"."""
        rows = self._db.query(
            "read the lesson positions",
            "SELECT lesson_id FROM lesson_progress WHERE student = ? "
            "ORDER BY updated_at DESC, lesson_id LIMIT 1",
            (self._resolve(student),),
        )
        return rows[0][0] if rows else None

    # -- classroom presence ----------------------------------------------------------------------

    def session_start(self, lesson_id: str | None = None) -> int:
        """Mark the student present (for the dashboard); returns the session's id."""
        check_label("lesson_id", lesson_id, optional=True)
        now = to_epoch(self._clock())
        with self._writing("start the session", now):
            rows = self._db.execute(
                "INSERT INTO sessions (student, lesson_id, started_at, last_seen) "
                "VALUES (?, ?, ?, ?) RETURNING id",
                (self._student, lesson_id, now, now),
            )
        return int(rows[0][0])

    def session_heartbeat(self, session_id: int, lesson_id: str | None) -> None:
        """The student is still here, now on `lesson_id` (None: not in a lesson)."""
        check_label("lesson_id", lesson_id, optional=True)
        self._update_session(
            session_id,
            "UPDATE sessions SET last_seen = ?, lesson_id = ? "
            "WHERE id = ? AND student = ? AND ended_at IS NULL",
            (to_epoch(self._clock()), lesson_id),
        )

    def session_end(self, session_id: int) -> None:
        """The student left; ending a session twice is harmless."""
        self._update_session(
            session_id,
            "UPDATE sessions SET ended_at = COALESCE(ended_at, ?) WHERE id = ? AND student = ?",
            (to_epoch(self._clock()),),
        )

    def active_sessions(self, max_age_seconds: float = 60) -> list[ActiveSession]:
        """Sessions not ended whose last heartbeat is at most `max_age_seconds` old, by student."""
        oldest = to_epoch(self._clock()) - check_seconds(max_age_seconds)
        rows = self._db.query(
            "read the sessions",
            "SELECT student, lesson_id, started_at, last_seen FROM sessions "
            "WHERE ended_at IS NULL AND last_seen >= ? ORDER BY student, started_at, id",
            (oldest,),
        )
        return [ActiveSession(row[0], row[1], from_epoch(row[2]), from_epoch(row[3])) for row in rows]

    def session_starts(self, since: datetime | None = None) -> tuple[datetime, datetime] | None:
        """(first, last) start of the sessions begun at or after `since` (all when None); None
        if there are none."""
        rows = self._db.query(
            "read the sessions",
            "SELECT MIN(started_at), MAX(started_at) FROM sessions WHERE started_at >= ?",
            (to_epoch(since) if since is not None else float("-inf"),),
        )
        if not rows or rows[0][0] is None:
            return None
        return from_epoch(rows[0][0]), from_epoch(rows[0][1])

    # -- lifetime --------------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- helpers ---------------------------------------------------------------------------------

    def _resolve(self, student: str | None) -> str:
        return self._student if student is None else check_student_name(student)

    @contextmanager
    def _writing(self, action: str, now: float) -> Iterator[None]:
        """A write transaction that first makes sure the student's row exists.

        Registration happens on the first write rather than on open, so a teacher who only
        reads does not appear in the class list. It is remembered only once committed: a
        rolled-back first write must register again next time.
        """
        with self._db.transaction(action):
            if not self._registered:
                self._db.execute(
                    "INSERT INTO students (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                    (self._student, now),
                )
            yield
        self._registered = True

    def _update_session(self, session_id: int, sql: str, leading: tuple[object, ...]) -> None:
        if isinstance(session_id, bool) or not isinstance(session_id, int):
            raise StoreError(f"session id must be an integer, got {type(session_id).__name__}")
        if not 0 < session_id < 2**63:
            raise StoreError(f"there is no session {session_id} for student {self._student!r}")
        with self._db.transaction("update the session"):
            changed = self._db.execute(f"{sql} RETURNING id", (*leading, session_id, self._student))
        if changed:
            return
        rows = self._db.query(
            "read the sessions",
            "SELECT ended_at FROM sessions WHERE id = ? AND student = ?",
            (session_id, self._student),
        )
        if not rows:
            raise StoreError(f"there is no session {session_id} for student {self._student!r}")
        raise StoreError(f"session {session_id} of student {self._student!r} has already ended")


def _attempt(row: Row) -> Attempt:
    return Attempt(
        id=int(row[0]),
        student=row[1],
        at=from_epoch(row[2]),
        kind=row[3],
        topic=row[4],
        seed=int(row[5]),
        answer=row[6],
        verdict=row[7],
        misconception=row[8],
        seconds=float(row[9]),
        lesson_id=row[10],
        part=int(row[11]),
    )
