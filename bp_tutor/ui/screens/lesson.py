"""One lesson, one step at a time, with the position saved on every step change."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from bp_tutor.ui.contracts import BlockLike, LessonLike, ProseLike, is_block, step_segments
from bp_tutor.ui.i18n import get_language, t
from bp_tutor.ui.screens.base import TutorScreen
from bp_tutor.ui.widgets.blocks import BlockContext, widget_for_block
from bp_tutor.ui.widgets.footer import TutorFooter
from bp_tutor.ui.widgets.prose import ProseView
from bp_tutor.ui.widgets.quiz_block import QuizBlock

if TYPE_CHECKING:
    from bp_tutor.ui.app import TutorApp


def progress_bar(step: int, total: int, width: int = 10) -> str:
    """A bar of `width` cells, filled in proportion to step/total (East-Asian-neutral blocks)."""
    filled = round(width * step / total) if total else 0
    return "▰" * filled + "▱" * (width - filled)


class LessonScreen(TutorScreen):
    """Header with title and "step k/n", the step's prose and blocks, footer with the keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,n", "next_step", "Next", id="next_step"),
        Binding("left,p", "previous_step", "Previous", id="previous_step"),
        Binding("j", "scroll_body(1)", "Scroll down", id="scroll_down", show=False),
        Binding("k", "scroll_body(-1)", "Scroll up", id="scroll_up", show=False),
        Binding("escape", "back", "Back", id="back"),
        # The quiz block has the same keys while its answer box has the focus; these reach it
        # from anywhere on the step, so a student reading the question need not tab into it.
        Binding("f2", "quiz('hint')", "Hint", id="quiz_hint"),
        Binding("f3", "quiz('solution')", "Solution", id="quiz_solution"),
        Binding("tab", "focus_in_view", "Next field", id="focus_in_view", show=False),
    ]

    def __init__(self, lesson: LessonLike, step: int = 1) -> None:
        super().__init__()
        self.lesson = lesson
        self.total_steps = len(lesson.steps)
        self.step = min(max(step, 1), max(self.total_steps, 1))

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="lesson-header"):
            yield Static(self.lesson.title or self.lesson.id, id="lesson-title")
            yield Static(self._progress_text(), id="lesson-progress")
        with VerticalScroll(id="lesson-body"):
            yield from self._step_widgets()
        yield TutorFooter()

    def on_mount(self) -> None:
        self.query_one("#lesson-body").focus()
        self._save_position()

    def _progress_text(self) -> str:
        if self.lesson.error:
            return t("lesson.broken_badge")
        return t(
            "lesson.progress",
            step=self.step,
            total=self.total_steps,
            bar=progress_bar(self.step, self.total_steps),
        )

    def _step_widgets(self) -> ComposeResult:
        if self.lesson.error:
            title = t("lesson.error", path=str(self.lesson.path))
            yield Static(title, classes="lesson-error-title", markup=False)
            yield Static(self.lesson.error, classes="lesson-error", markup=False)
            return
        if not self.lesson.steps:
            yield Static(t("lesson.empty"))
            return
        context = BlockContext(lesson_id=self.lesson.id, lang=get_language())
        for segment in step_segments(self.lesson.steps[self.step - 1]):
            if is_block(segment):
                yield widget_for_block(cast(BlockLike, segment), context)
            else:
                yield ProseView(cast(ProseLike, segment).markdown)
        if self.step == self.total_steps:
            yield Static(t("lesson.finished"), id="lesson-finished")

    def _save_position(self) -> None:
        """Record the step now, so `continue` finds it even if the program dies next."""
        if self.lesson.error or not self.total_steps:
            return
        self.tutor.record_lesson_step(self.lesson.id, self.step, self.total_steps)

    async def _show_step(self, step: int) -> None:
        if self.lesson.error or not 1 <= step <= self.total_steps or step == self.step:
            return
        self.step = step
        self._save_position()
        self.query_one("#lesson-progress", Static).update(self._progress_text())
        body = self.query_one("#lesson-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(list(self._step_widgets()))
        body.scroll_home(animate=False)
        body.focus()

    async def action_next_step(self) -> None:
        await self._show_step(self.step + 1)

    async def action_previous_step(self) -> None:
        await self._show_step(self.step - 1)

    def _current_quiz(self) -> QuizBlock | None:
        """The step's first quiz still open, else its first quiz; None on a step without one."""
        quizzes = list(self.query(QuizBlock))
        return next((q for q in quizzes if not q.finished), quizzes[0] if quizzes else None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quiz":
            return self._current_quiz() is not None
        return True

    def action_quiz(self, what: str) -> None:
        quiz = self._current_quiz()
        if quiz is None:
            return
        if what == "hint":
            quiz.action_hint()
        else:
            quiz.action_solution()
        quiz.focus_answer()

    def action_focus_in_view(self) -> None:
        """Tab from the lesson's text goes to the first field in view, so a student looking at
        a quiz reaches its answer box, not a reveal button the text has scrolled far above.
        From a field, Tab moves on in order as usual."""
        body = self.query_one("#lesson-body")
        if self.focused is body:
            in_view = [w for w in self.focus_chain if w is not body and body.can_view_entire(w)]
            if in_view:
                in_view[0].focus()
                return
        self.focus_next()

    def action_scroll_body(self, direction: int) -> None:
        body = self.query_one("#lesson-body", VerticalScroll)
        if direction > 0:
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)

    def action_back(self) -> None:
        """Out of the answer box first, if the cursor is in one: esc is how many leave a text
        field, and leaving the lesson with it lost their place. A second esc leaves."""
        if isinstance(self.focused, Input):
            self.query_one("#lesson-body").focus()
            return
        self.tutor.go_back()

    def relanguage(self) -> None:
        """Show the same lesson, at the same step, in the new language (if it exists there)."""
        translated = self.tutor.catalog.get(get_language(), self.lesson.id)
        if translated is not None:
            self.lesson = translated
            self.total_steps = len(translated.steps)
            self.step = min(self.step, max(self.total_steps, 1))
        super().relanguage()
