"""The front door: "continue where you left off", then the curriculum as a path."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static

from bp_tutor.ui.i18n import t
from bp_tutor.ui.messages import OpenLab, OpenLesson, StartDrill
from bp_tutor.ui.progress_view import ContinueTarget, continue_target
from bp_tutor.ui.screens.base import TutorScreen
from bp_tutor.ui.widgets.footer import TutorFooter
from bp_tutor.ui.widgets.lesson_list import LessonList

if TYPE_CHECKING:
    from bp_tutor.ui.app import TutorApp

DEFAULT_LAB_PRESET = "toy-452"


class HomeScreen(TutorScreen):
    """Lesson list with status, the continue button, and the ways into the lab and drills."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "continue", "Continue", id="continue"),
        Binding("a", "open_lab", "Lab", id="open_lab"),
        Binding("d", "start_drill", "Drill", id="start_drill"),
    ]

    def __init__(self) -> None:
        super().__init__()
        # Kept across re-renders (language switch, return from a lesson).
        # None until first shown: then the list starts at the lesson "continue" leads to.
        self.highlighted_lesson: int | None = None
        self._resumed_before = False

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)

    def compose(self) -> ComposeResult:
        lessons = self.tutor.lessons()
        progress = self.tutor.lesson_progress()
        target = continue_target(lessons, progress, self.tutor.last_lesson())
        with Vertical(id="home"):
            yield Static(t("home.title"), id="home-title")
            yield Static(t("home.tagline"), id="home-tagline")
            with Vertical(id="home-actions"):
                yield Button(
                    self._continue_label(target),
                    id="continue",
                    variant="primary",
                    disabled=target is None,
                )
                # On their own row so a long lesson title never pushes them off screen.
                with Horizontal(id="home-more"):
                    yield Button(t("home.open_lab"), id="open-lab", compact=True)
                    yield Button(t("home.start_drill"), id="start-drill", compact=True)
            done = sum(1 for lesson in lessons if (p := progress.get(lesson.id)) and p.done)
            yield Static(
                t("home.curriculum", count=len(lessons), done=done), id="home-curriculum"
            )
            if lessons:
                lesson_list = LessonList(id="lesson-list")
                lesson_list.show_lessons(lessons, progress)
                if self.highlighted_lesson is None:
                    ids = [lesson.id for lesson in lessons]
                    first = target.lesson.id if target is not None else None
                    self.highlighted_lesson = ids.index(first) if first in ids else 0
                lesson_list.highlighted = min(self.highlighted_lesson, len(lessons) - 1)
                yield lesson_list
            else:
                yield Static(t("home.no_lessons", root=str(self.tutor.catalog.root)), id="empty")
        yield TutorFooter()

    def on_mount(self) -> None:
        self._focus_list()

    def _focus_list(self) -> None:
        # The list is where the keys go; the continue button is one `c` (or click) away.
        for lesson_list in self.query(LessonList):
            lesson_list.focus()

    def on_screen_resume(self) -> None:
        # Back from a lesson: statuses and the continue target have changed. The first resume
        # is the first showing, already up to date.
        if self._resumed_before:
            self.relanguage()
        self._resumed_before = True

    def relanguage(self) -> None:
        super().relanguage()
        self.call_after_refresh(self._focus_list)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.highlighted_lesson = event.option_index

    @staticmethod
    def _continue_label(target: ContinueTarget | None) -> str:
        if target is None:
            return t("home.continue.none")
        return t(
            f"home.continue.{target.kind}",
            title=target.lesson.title,
            step=target.step,
            total=len(target.lesson.steps),
        )

    def action_continue(self) -> None:
        target = continue_target(
            self.tutor.lessons(), self.tutor.lesson_progress(), self.tutor.last_lesson()
        )
        if target is not None:
            self.post_message(OpenLesson(target.lesson.id, target.step))

    def action_open_lab(self) -> None:
        self.post_message(OpenLab(DEFAULT_LAB_PRESET))

    def action_start_drill(self) -> None:
        self.post_message(StartDrill())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "continue": self.action_continue,
            "open-lab": self.action_open_lab,
            "start-drill": self.action_start_drill,
        }
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(OpenLesson(event.option.id))
