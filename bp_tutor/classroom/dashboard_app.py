"""`bp-tutor class`: the dashboard as a Textual app reading the shared progress store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from textual.app import App

from bp_tutor.classroom.dashboard_data import class_snapshot, student_detail
from bp_tutor.classroom.dashboard_view import TableData, class_tables, student_tables
from bp_tutor.progress import ProgressStore
from bp_tutor.ui.i18n import set_language
from bp_tutor.ui.screens.classroom_dashboard import ClassroomDashboardScreen


def lesson_titles(lang: str, lessons_root: Path | None = None) -> dict[str, str]:
    """lesson id -> title (topics are lesson ids too); empty if the lessons cannot be read."""
    try:
        from bp_tutor.lessons.loader import load_lessons

        return {lesson.id: lesson.title for lesson in load_lessons(lang, lessons_root)}
    except Exception:
        return {}


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
                 now: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self.titles = titles
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
        return student_tables(student_detail(self.store, student), self.titles)


class ClassroomDashboardApp(App[None]):
    TITLE = "bp-tutor classroom"

    def __init__(self, source: StoreDashboardSource, lang: str = "en") -> None:
        super().__init__()
        set_language(lang)
        self.source = source

    def on_mount(self) -> None:
        self.push_screen(ClassroomDashboardScreen(self.source))
