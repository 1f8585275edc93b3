"""Step mode: one operation of the pass, its formula, the matrices it reads and the one it makes.

The selected cell of the result (moved with the arrow keys) is drawn in cyan; the cells of the
inputs it was computed from are drawn in yellow, so a matrix product shows the row of the left
operand and the column of the right one that make the cell.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from bp_tutor.lab.matrix_text import allocate_rows
from bp_tutor.lab.steps import (
    Cell,
    StepSequence,
    as_matrix_shape,
    cell_text,
    involved_cells,
    value_at,
)
from bp_tutor.ui.formatting import format_number
from bp_tutor.ui.i18n import t
from bp_tutor.ui.widgets.lab_matrix import render_matrix, shown_cells

TITLE_LINES = 1  # each matrix has a title line ...
GAP_LINES = 1  # ... and a blank line after it
DEFAULT_BODY_LINES = 15  # before the widget knows its size


class StepBody(VerticalScroll):
    """The matrices' area. The matrices are cut to its height, so whenever that changes (the
    terminal is resized, the turn box below opens or closes) they are drawn again."""

    def on_resize(self, event: events.Resize) -> None:
        view = self.parent
        if isinstance(view, StepView):
            view.redraw()


class StepView(Vertical):
    """Draws the current step of a `StepSequence`; the screen moves the sequence and the cursor."""

    DEFAULT_CSS = """
    StepView { height: 1fr; }
    StepView #lab-step-header { color: $text-muted; height: 1; }
    StepView #lab-step-formula { text-style: bold; height: 1; }
    StepView #lab-step-body { height: 1fr; }
    StepView #lab-turn { height: auto; display: none; }
    StepView #lab-turn.active { display: block; }
    StepView #lab-turn Input { width: 1fr; }
    StepView #lab-turn-feedback { height: auto; }
    """

    # How many entries the selected cell is computed from are behind a "…" in the last drawing:
    # "your turn" is offered only when it is 0, so the student never has to guess a hidden number.
    unseen_inputs = 0
    # What the last `show` drew, to draw it again at a new size.
    _shown: tuple[StepSequence, Cell, Cell | None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="lab-step-header")
        yield Static(id="lab-step-formula")
        with StepBody(id="lab-step-body"):
            yield Static(id="lab-step-matrices")
        with Vertical(id="lab-turn"):
            yield Static(id="lab-turn-prompt")
            yield Input(placeholder=t("lab.turn.placeholder"), id="lab-turn-input", compact=True)
            yield Static(id="lab-turn-feedback")

    def show(self, sequence: StepSequence, cursor: Cell, hidden: Cell | None) -> None:
        self._shown = (sequence, cursor, hidden)
        entry = sequence.current
        # The loss belongs to no layer (the trace numbers it 0): its header names none.
        key = "lab.step.header" if entry.layer > 0 else "lab.step.header_no_layer"
        self.query_one("#lab-step-header", Static).update(t(
            key, index=sequence.index + 1, total=len(sequence),
            phase=t(f"lab.step.phase.{entry.phase}"), layer=entry.layer))
        self.query_one("#lab-step-formula", Static).update(Text(entry.formula))
        self.query_one("#lab-step-matrices", Static).update(
            self.render_step(sequence, cursor, hidden))

    def redraw(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)

    def body_size(self) -> tuple[int, int]:
        body = self.query_one("#lab-step-body")
        height = body.size.height or DEFAULT_BODY_LINES
        width = (body.size.width or 78) - 2  # the scrollbar's room
        return height, width

    def render_step(self, sequence: StepSequence, cursor: Cell, hidden: Cell | None) -> Text:
        entry = sequence.current
        inputs = list(sequence.inputs())
        height, width = self.body_size()
        matrices = [*inputs, entry]
        needs = [as_matrix_shape(m.shape)[0] for m in matrices]
        titles = len(matrices) * TITLE_LINES
        gaps = (len(matrices) - 1) * GAP_LINES
        # The blank lines between matrices go before any row of numbers does.
        if sum(needs) + titles + gaps > height:
            gaps = 0
        rows = allocate_rows(needs, max(len(matrices), height - titles - gaps))
        cells = involved_cells(sequence.trace, entry, cursor)
        self.unseen_inputs = 0
        out = Text()
        for source, max_rows in zip(inputs, rows, strict=False):
            lit = cells.get(source.name, set())
            out.append(render_matrix(source.label, source.value, highlight=lit,
                                     max_rows=max_rows, width=width))
            self.unseen_inputs += len(set(lit) - shown_cells(source.value, highlight=lit,
                                                            max_rows=max_rows, width=width))
            if gaps:
                out.append("\n")
        shown = "?" if hidden == cursor else format_number(value_at(entry, cursor))
        result_label = f"{entry.label}   {entry.label}{cell_text(entry.shape, cursor)} = {shown}"
        out.append(render_matrix(result_label, entry.value, cursor=cursor, hidden=hidden,
                                 max_rows=rows[-1], width=width))
        out.rstrip()  # no blank line under the last matrix: it would only push a scrollbar
        return out

    def open_turn(self, prompt: str) -> None:
        """The turn box with its prompt and an empty answer field, focused."""
        self._show_question(True)
        self.query_one("#lab-turn-prompt", Static).update(prompt)
        self.query_one("#lab-turn-feedback", Static).update("")
        answer = self.query_one("#lab-turn-input", Input)
        answer.value = ""
        answer.focus()

    def show_verdict(self, text: Text | str) -> None:
        """The turn box with the verdict alone: the turn is over, so prompt and field go."""
        self._show_question(False)
        self.turn_feedback(text)

    def _show_question(self, shown: bool) -> None:
        # The box must be active for the verdict to be seen; prompt and field only while asking.
        self.query_one("#lab-turn").add_class("active")
        self.query_one("#lab-turn-prompt").display = shown
        self.query_one("#lab-turn-input").display = shown

    def close_turn(self) -> None:
        self.query_one("#lab-turn").remove_class("active")

    def clear_turn(self) -> None:
        """No box and no verdict: the step the last answer was about is gone (a new setup)."""
        self.close_turn()
        self.turn_feedback("")

    def turn_feedback(self, text: Text | str) -> None:
        self.query_one("#lab-turn-feedback", Static).update(text)
