"""`bp-tutor class`: the dashboard as a Textual app reading the shared progress store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from textual.app import App

from bp_tutor.classroom.dashboard_data import QuizPlaces, class_snapshot, student_detail
from bp_tutor.classroom.dashboard_view import TableData, class_tables, student_tables
from bp_tutor.progress import ProgressStore
from bp_tutor.ui.catalog import LessonCatalog
from bp_tutor.ui.contracts import LessonLike
from bp_tutor.ui.i18n import set_language
from bp_tutor.ui.lesson_cache import lesson_cache_dir
from bp_tutor.ui.screens.classroom_dashboard import ClassroomDashboardScreen


def _lessons(lang: str, lessons_root: Path | None) -> Sequence[LessonLike]:
    """The lessons the students see (with a teacher's folder, if one was given); none if they
    cannot be read: the dashboard then names lessons by id rather than not opening."""
    try:
        return LessonCatalog(lessons_root, cache_dir=lesson_cache_dir()).lessons(lang)
    except Exception:
        return ()


def lesson_titles(lang: str, lessons_root: Path | None = None) -> dict[str, str]:
    """lesson id -> title (topics are lesson ids too); empty if the lessons cannot be read."""
    return {lesson.id: lesson.title for lesson in _lessons(lang, lessons_root)}


def quiz_places(lang: str, lessons_root: Path | None = None) -> QuizPlaces:
    """Where each lesson asks each quiz, to name the step of an answer."""
    return QuizPlaces(_lessons(lang, lessons_root))


def _local_midnight(moment: datetime) -> datetime:
    """The start of `moment`'s calendar day where the dashboard runs."""
    local = moment.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


class StoreDashboardSource:
    """The dashboard's numbers, read from the store on each call.

    Mistakes are counted "since the class began": from the first session of the day of the
    latest session (local time), or from the start of today when nobody has connected yet. It
    comes from the database alone, so a dashboard opened after class, after a restart of the
    server, or beside another one shows the same class.
    """

    def __init__(self, store: ProgressStore, titles: dict[str, str],
                 now: Callable[[], datetime] | None = None, places: QuizPlaces | None = None) -> None:
        self.store = store
        self.titles = titles
        self.places = places
        self.now = now or (lambda: datetime.now(UTC))

    @property
    def class_start(self) -> datetime:
        latest = self.store.session_starts()
        day = _local_midnight(latest[1] if latest else self.now())
        today = self.store.session_starts(since=day)
        return today[0] if today else day

    def class_tables(self) -> Sequence[TableData]:
        return class_tables(class_snapshot(self.store, self.class_start), self.titles)

    def student_tables(self, student: str) -> Sequence[TableData]:
        return student_tables(student_detail(self.store, student), self.titles, self.places)


class ClassroomDashboardApp(App[None]):
    TITLE = "bp-tutor classroom"

    def __init__(self, source: StoreDashboardSource, lang: str = "en") -> None:
        super().__init__()
        set_language(lang)
        self.source = source

    def on_mount(self) -> None:
        self.push_screen(ClassroomDashboardScreen(self.source))
