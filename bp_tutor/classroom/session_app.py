"""The tutor as a served student sees it: TutorApp plus presence for the teacher's dashboard.

Differences from the local app: the session is announced to the store on mount, the lesson on
screen is sent as a heartbeat, SIGTERM (from the server, when the SSH channel went away) exits
cleanly, and cursors do not blink (a blinking cursor repaints twice a second for every idle
student). A student whose name is already logged in elsewhere is told so on arrival, and a
session is told when another one under its name starts (SIGUSR1 from the server); both notices are
a `SharedNameScreen`.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Iterable
from pathlib import Path

from bp_tutor.classroom.dashboard_data import PRESENCE_PREFIX, PRESENCE_SECONDS
from bp_tutor.classroom.shared_name import SharedNameScreen
from bp_tutor.progress import ProgressStore
from bp_tutor.ui.app import TutorApp
from bp_tutor.ui.catalog import LessonCatalog
from bp_tutor.ui.i18n import LANGUAGES
from bp_tutor.ui.lesson_cache import lesson_cache_dir

# Presence is "seen in the last 60 s" (ProgressStore.active_sessions); a heartbeat every 20 s
# survives one missed beat. The lesson on screen is checked more often but only written on change.
HEARTBEAT_SECONDS = 20.0
LESSON_CHECK_SECONDS = 2.0

# Lessons parsed once in the zygote and shared (copy-on-write) by every student process. Lesson
# files edited while the server runs are picked up at the next server start.
_shared_catalogs: dict[Path | None, LessonCatalog] = {}


def preload_lessons(lessons_root: Path | None = None, leave_out: Iterable[Path] = ()) -> None:
    """Parse the lessons of every language now, for all later sessions to share. The lesson
    files in `leave_out` (of a teacher's folder, that failed `bp-tutor check`) are not shown."""
    catalog = LessonCatalog(lessons_root, cache_dir=lesson_cache_dir(),
                            broken={path.resolve(): "" for path in leave_out}, hide_broken=True)
    for lang in LANGUAGES:
        catalog.lessons(lang)
    _shared_catalogs[lessons_root] = catalog


class ClassroomTutorApp(TutorApp):
    """TutorApp for one student connected over SSH."""


    def __init__(
        self,
        lang: str,
        store: ProgressStore,
        lessons_root: Path | None = None,
        *,
        settings_file: Path | None = None,
    ) -> None:
        super().__init__(lang, store, lessons_root, settings_file=settings_file, cursor_blink=False)
        shared = _shared_catalogs.get(lessons_root)
        if shared is not None:
            self.catalog = shared
        self.progress_store = store
        self.session_id: int | None = None
        self._reported_lesson: str | None = None
        self._last_beat = 0.0

    def current_place(self) -> str | None:
        """Where the student is, for the dashboard: the lesson of the top-most lesson screen, or
        the place a screen names itself by (`PRESENCE_PREFIX` + "lab" or "drill"); None on the
        home screen."""
        for screen in reversed(self.screen_stack):
            lesson = getattr(screen, "lesson", None)
            lesson_id = getattr(lesson, "id", None)
            if isinstance(lesson_id, str):
                return lesson_id
            place = getattr(screen, "presence", None)
            if isinstance(place, str):
                return PRESENCE_PREFIX + place
        return None

    def on_mount(self) -> None:
        # No super().on_mount(): Textual calls TutorApp's own handler after this one (it dispatches
        # to every class of the MRO), and calling it here too stacked a second home screen.
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Linux
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGTERM, self.exit)
            loop.add_signal_handler(signal.SIGUSR1, self.other_session_joined)
        try:
            # Read before announcing this session, so every session found is another one.
            others = [session.started_at for session in self.progress_store.active_sessions(
                max_age_seconds=PRESENCE_SECONDS) if session.student == self.progress_store.student]
            self.session_id = self.progress_store.session_start(None)
        except Exception as error:  # presence is for the teacher; the lesson must go on
            self.notify(str(error), severity="warning")
            return
        if others:
            # Over the home screen, which TutorApp's handler pushes after this one, and before the
            # first frame: the student's first keys go to the notice, not to a list it then covers.
            self.call_next(self.push_screen, SharedNameScreen(self.progress_store.student, others))
        self._last_beat = time.monotonic()
        self.set_interval(LESSON_CHECK_SECONDS, self._maybe_heartbeat)

    def other_session_joined(self) -> None:
        """Another session under this name has just started (the server says so with SIGUSR1)."""
        if isinstance(self.screen, SharedNameScreen):
            return  # one notice at a time says it all
        self.push_screen(SharedNameScreen(self.progress_store.student))

    def _maybe_heartbeat(self) -> None:
        lesson_id = self.current_place()
        now = time.monotonic()
        if lesson_id == self._reported_lesson and now - self._last_beat < HEARTBEAT_SECONDS:
            return
        self.heartbeat(lesson_id)

    def heartbeat(self, lesson_id: str | None) -> None:
        if self.session_id is None:
            return
        try:
            self.progress_store.session_heartbeat(self.session_id, lesson_id)
        except Exception:  # a busy database costs a beat, not the session
            return
        self._reported_lesson = lesson_id
        self._last_beat = time.monotonic()

    def end_session(self) -> None:
        """Mark the student gone (called once the app has stopped)."""
        if self.session_id is None:
            return
        with contextlib.suppress(Exception):
            self.progress_store.session_end(self.session_id)
        self.session_id = None
