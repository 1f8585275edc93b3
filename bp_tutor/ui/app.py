"""`TutorApp`: the Textual application and the services its screens share.

The app owns the language, the theme, the lesson catalog and the progress store (all passed in, so
tests inject a temporary store and fixture lessons), and turns the typed requests of
`bp_tutor.ui.messages` into screen changes. Screens hold no navigation logic of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType

from bp_tutor.ui import cjk_wrap
from bp_tutor.ui.catalog import LessonCatalog, LessonLoader
from bp_tutor.ui.contracts import LessonLike, LessonProgressLike, ProgressStoreLike
from bp_tutor.ui.i18n import LANGUAGES, set_language, t
from bp_tutor.ui.lesson_cache import lesson_cache_dir
from bp_tutor.ui.messages import OpenLab, OpenLesson, StartDrill
from bp_tutor.ui.screens.base import LanguageAware
from bp_tutor.ui.screens.home import HomeScreen
from bp_tutor.ui.settings import Settings, load_settings, save_settings
from bp_tutor.ui.start import StartTarget

cjk_wrap.install()

if TYPE_CHECKING:
    from textual.command import Provider

TEXTUAL_THEMES: dict[str, str] = {"dark": "textual-dark", "light": "textual-light"}


def _palette_provider() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (not at start-up)."""
    from bp_tutor.ui.palette import TutorCommands

    return TutorCommands


class _SessionProgress:
    """Progress kept in memory when no store was given: statuses still update while the app runs."""

    def __init__(self) -> None:
        self.records: dict[str, _Record] = {}
        self.last: str | None = None

    def set_lesson_progress(
        self, lesson_id: str, *, step: int, total_steps: int, done: bool
    ) -> None:
        self.records[lesson_id] = _Record(step, total_steps, done)
        self.last = lesson_id

    def lesson_progress(self) -> Mapping[str, LessonProgressLike]:
        return self.records

    def last_lesson(self) -> str | None:
        return self.last


class _Record:
    def __init__(self, step: int, total_steps: int, done: bool) -> None:
        self.step, self.total_steps, self.done = step, total_steps, done


class TutorApp(App[None]):
    """bp-tutor in the terminal.

    lang: "en" or "zh" for lessons and every UI string (switchable while running);
    store: where lesson positions are saved (None: remembered only while the app runs);
    lessons_root: folder with `en/` and `zh/` lessons (default: the shipped lessons);
    start: open a lesson, the lab or a drill instead of the home screen (home stays underneath);
    loader: replaces `bp_tutor.lessons.loader.load_lessons` (tests);
    settings_file: replaces `bp_tutor.ui.settings.settings_path()` (tests);
    cursor_blink: False keeps text cursors still, for reproducible screenshots.
    """

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))  # absolute: subclasses keep it
    TITLE = "bp-tutor"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_palette_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+q", "quit", "Quit", id="quit_anywhere", show=False, priority=True),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("l", "toggle_language", "中文/English", id="language"),
        Binding("t", "toggle_theme", "Theme", id="theme"),
        Binding("ctrl+p", "command_palette", "Commands", id="palette", show=False),
    ]

    def __init__(
        self,
        lang: str,
        store: ProgressStoreLike | None,
        lessons_root: Path | None = None,
        start: StartTarget | None = None,
        *,
        loader: LessonLoader | None = None,
        settings_file: Path | None = None,
        cursor_blink: bool = True,
    ) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
        super().__init__()
        self.lang = lang
        set_language(lang)
        self.store: ProgressStoreLike = store if store is not None else _SessionProgress()
        self.catalog = LessonCatalog(lessons_root, loader, cache_dir=lesson_cache_dir())
        self.start_target = start
        self.settings_file = settings_file
        self.settings = load_settings(settings_file)
        self.cursor_blink = cursor_blink
        self.theme = TEXTUAL_THEMES.get(self.settings.theme, TEXTUAL_THEMES["dark"])

    # Services the screens use -------------------------------------------------------------

    def lessons(self) -> tuple[LessonLike, ...]:
        return self.catalog.lessons(self.lang)

    def lesson_progress(self) -> Mapping[str, LessonProgressLike]:
        return self.store.lesson_progress()

    def last_lesson(self) -> str | None:
        return self.store.last_lesson()

    def record_lesson_step(self, lesson_id: str, step: int, total_steps: int) -> None:
        """Save the position; reaching the last step marks the lesson done, and done stays done."""
        previous = self.store.lesson_progress().get(lesson_id)
        done = step >= total_steps or (previous is not None and previous.done)
        try:
            self.store.set_lesson_progress(
                lesson_id, step=step, total_steps=total_steps, done=done
            )
        except Exception as error:  # a full disk must not end the lesson; say so instead
            self.notify(t("app.save_failed", error=str(error)), severity="error")

    # Start-up -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        target = self.start_target
        if target is None:
            return
        if target.kind == "lesson" and target.lesson_id is not None:
            self.post_message(OpenLesson(target.lesson_id, target.step))
        elif target.kind == "lab":
            self.post_message(OpenLab(target.preset))
        elif target.kind == "drill":
            self.post_message(StartDrill(target.topic, target.seed))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    # Requests from widgets ----------------------------------------------------------------

    def on_open_lesson(self, message: OpenLesson) -> None:
        from bp_tutor.ui.screens.lesson import LessonScreen

        lesson = self.catalog.get(self.lang, message.lesson_id)
        if lesson is None:
            self.notify(t("app.unknown_lesson", id=message.lesson_id), severity="error")
            return
        step = message.step
        if step is None:
            record = self.lesson_progress().get(lesson.id)
            step = record.step if record is not None and not record.done else 1
        self.push_screen(LessonScreen(lesson, step))

    def on_open_lab(self, message: OpenLab) -> None:
        try:
            from bp_tutor.ui.screens.lab import LabScreen
        except ImportError:
            from bp_tutor.ui.screens.placeholder import ComingSoonScreen

            self.push_screen(ComingSoonScreen("app.lab_coming_soon", preset=message.preset))
            return
        self.push_screen(LabScreen(preset=message.preset))

    def on_start_drill(self, message: StartDrill) -> None:
        try:
            from bp_tutor.ui.screens.quiz import DrillScreen
        except ImportError:
            from bp_tutor.ui.screens.placeholder import ComingSoonScreen

            self.push_screen(ComingSoonScreen("app.drill_coming_soon"))
            return
        self.push_screen(DrillScreen(topic=message.topic, seed=message.seed))

    # Actions ------------------------------------------------------------------------------

    def action_help(self) -> None:
        from bp_tutor.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        """Textual's palette, with its search field's placeholder in the student's language (it is
        built anew each time it opens, so it follows a language switch)."""
        from textual.command import CommandPalette

        # is_open is typed for App[object]; App's result type is invariant, and ours is None.
        if self.use_command_palette and not CommandPalette.is_open(cast(App[object], self)):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("palette.placeholder")))

    def action_toggle_language(self) -> None:
        self.switch_language("zh" if self.lang == "en" else "en")

    def switch_language(self, lang: str) -> None:
        """Re-render every screen on the stack in `lang` (lessons too)."""
        set_language(lang)
        self.lang = lang
        for screen in self.screen_stack:
            if isinstance(screen, LanguageAware):
                screen.relanguage()
        self.refresh_bindings()

    def action_toggle_theme(self) -> None:
        name = "light" if self.settings.theme == "dark" else "dark"
        self.settings = Settings(theme=name)
        self.theme = TEXTUAL_THEMES[name]
        try:
            save_settings(self.settings, self.settings_file)
        except OSError as error:
            self.notify(t("app.save_failed", error=str(error)), severity="warning")

    def action_go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def action_go_back(self) -> None:
        self.go_back()

    def go_back(self) -> None:
        """Leave the current screen; the home screen is the bottom and stays."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
