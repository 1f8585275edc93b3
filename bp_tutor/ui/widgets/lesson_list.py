"""The curriculum as a list: one two-line entry per lesson, with prerequisites and status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from bp_tutor.ui.contracts import LessonLike, LessonProgressLike
from bp_tutor.ui.i18n import t
from bp_tutor.ui.progress_view import LessonState, LessonStatus, lesson_status

# Markers are East-Asian-neutral (one cell in every locale), so rows line up in Chinese terminals.
STATE_MARKERS: dict[LessonState, str] = {
    LessonState.NEW: " ",
    LessonState.IN_PROGRESS: "▸",
    LessonState.DONE: "✓",
    LessonState.BROKEN: "✗",
}
NUMBER_COLUMN_WIDTH = 4
COLUMN_GAP = " "  # between the marker, the number and the title
STATE_STYLES: dict[LessonState, str] = {
    LessonState.NEW: "",
    LessonState.IN_PROGRESS: "bold",
    LessonState.DONE: "",
    LessonState.BROKEN: "italic",
}


def status_text(status: LessonStatus) -> str:
    """"new", "step 3/7", "done" or "cannot be opened" in the current language."""
    if status.state is LessonState.IN_PROGRESS:
        return t("home.status.in_progress", step=status.step, total=status.total_steps)
    return t(f"home.status.{status.state.value}")


class DetailLine:
    """The line under a lesson title: prerequisites, length and status, kept on one line.

    The status is what the line is for, so it always stays whole, at the end: when the line is too
    wide, the prerequisites' titles are cut with an ellipsis, then left out, then the length. (A
    line that wrapped would be cut off by the option's row height instead, status first.)
    """

    def __init__(self, after: str | None, minutes: str | None, status: str, style: str = "dim") -> None:
        self.after, self.minutes, self.status, self.style = after, minutes, status, style

    def text(self, width: int) -> Text:
        """The line for `width` cells."""
        separator = t("home.detail_separator")
        rest = [part for part in (self.minutes, self.status) if part]
        fixed = separator.join(rest)
        after = self.after
        if after is not None and cell_len(after + separator + fixed) > width:
            room = width - cell_len(separator + fixed)
            # Keep a shortened prerequisite only if at least one character of a title survives.
            if room >= cell_len(t("home.after", names="")) + 2:
                cut = Text(after)
                cut.truncate(room, overflow="ellipsis")
                after = cut.plain
            else:
                after = None
        if after is None and self.minutes and cell_len(fixed) > width:
            fixed = self.status
        line = separator.join([after, fixed]) if after is not None else fixed
        return Text(line, style=self.style)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(cell_len(self.status), cell_len(self.text(10**6).plain))


class LessonPrompt:
    """One entry: marker and number in fixed columns, then the title, wrapping under itself (a
    hanging indent), and under it the detail line (`DetailLine`), shortened to fit.

    Drawn directly rather than as a Rich table grid: the list renders every entry several times
    while it lays itself out, and each class session draws the home screen first, so the grid's
    column measuring was a quarter of a session's first frame.
    """

    def __init__(self, marker: Text, number: Text, title: Text, detail: DetailLine) -> None:
        self.marker, self.number, self.title, self.detail = marker, number, title, detail

    def _prefix(self) -> Text:
        number = self.number.copy()
        number.align("right", NUMBER_COLUMN_WIDTH)
        number.append(COLUMN_GAP)  # in the number's style: the title's own text starts clean
        return Text.assemble(self.marker, COLUMN_GAP, number)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        prefix = self._prefix()
        indent = Text(" " * prefix.cell_len)
        width = max(1, options.max_width - prefix.cell_len)
        lines = [*self.title.wrap(console, width), self.detail.text(width)]
        for index, line in enumerate(lines):
            yield Text.assemble(prefix if index == 0 else indent, line)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        prefix = self._prefix().cell_len
        detail = self.detail.__rich_measure__(console, options)
        return Measurement(prefix + 1, prefix + max(self.title.cell_len, detail.maximum))


def lesson_prompt(
    number: int, lesson: LessonLike, status: LessonStatus, titles: Mapping[str, str]
) -> LessonPrompt:
    """The entry of lesson `number`: its state, title, prerequisites, length and status."""
    after = None
    if lesson.prerequisites:
        names = [titles.get(p, p) for p in lesson.prerequisites]
        after = t("home.after", names=t("home.list_separator").join(names))
    minutes = t("home.minutes", minutes=lesson.minutes) if lesson.minutes and not lesson.error else None
    return LessonPrompt(
        Text(STATE_MARKERS[status.state], style="bold"),
        Text(f"{number}.", style="dim"),
        Text(lesson.title or lesson.id, style=STATE_STYLES[status.state]),
        DetailLine(after, minutes, status_text(status)),
    )


class LessonList(OptionList):
    """Lessons in curriculum order; enter or a click opens one (posts `OptionSelected`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", id="down", show=False),
        Binding("k", "cursor_up", "Up", id="up", show=False),
    ]

    DEFAULT_CSS = """
    LessonList {
        height: 1fr;
        border: none;
        padding: 0 1;
    }
    LessonList > .option-list--option {
        padding: 0 1;
    }
    """

    def show_lessons(
        self, lessons: Sequence[LessonLike], progress: Mapping[str, LessonProgressLike]
    ) -> None:
        """Replace the entries, keeping the highlighted lesson where it was."""
        highlighted = self.highlighted
        titles = {lesson.id: lesson.title for lesson in lessons}
        self.clear_options()
        self.add_options(
            [
                Option(
                    lesson_prompt(
                        n, lesson, lesson_status(lesson, progress.get(lesson.id)), titles
                    ),
                    id=lesson.id,
                )
                for n, lesson in enumerate(lessons, start=1)
            ]
        )
        if lessons:
            self.highlighted = min(highlighted or 0, len(lessons) - 1)
