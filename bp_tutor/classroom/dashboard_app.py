"""`bp-tutor class`: the dashboard as a Textual app reading the shared progress store."""

from __future__ import annotations

from collections.abc import Sequence
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


class StoreDashboardSource:
    """The dashboard's numbers, read from the store on each call.

    Mistakes are counted "since the class began": the earliest start among the sessions seen
    connected while the dashboard runs (or the dashboard's own start, before anyone is on).
    """

    def __init__(self, store: ProgressStore, titles: dict[str, str], now: datetime | None = None) -> None:
        self.store = store
        self.titles = titles
        self.class_start = now or datetime.now(UTC)

    def class_tables(self) -> Sequence[TableData]:
        connected = self.store.active_sessions()
        if connected:
            self.class_start = min(self.class_start, *(s.started_at for s in connected))
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
