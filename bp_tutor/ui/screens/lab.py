"""The network lab: step through one pass an operation at a time, check gradients, then train live.

    1 step mode      n / p move one operation; arrows move the selected cell; y: "your turn"
    2 train mode     space runs or pauses; s one mini-batch; r reset; + / − change η while paused
    3 gradient check backpropagation against finite differences, per parameter
    4 settings       a preset, or dataset, layers, loss, optimizer, η, batch size, seed

Training runs in a thread worker (`TrainingSession.run_chunk` in a loop); the screen redraws the
numbers and curves from a timer at `REFRESH_HZ`, so the cost of drawing is bounded however fast the
worker steps, and a key press is answered between two chunks of work.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, Static

from bp_tutor.lab.session import MAX_LEARNING_RATE, SessionError, TrainingSession
from bp_tutor.lab.settings import (
    LabSettings,
    LabSetup,
    settings_of,
    setup_from_preset,
    setup_from_settings,
)
from bp_tutor.lab.steps import Cell, StepSequence, cell_text, clamp_cell, value_at
from bp_tutor.nn import GradCheckReport, SpecError, gradcheck
from bp_tutor.ui.formatting import format_number
from bp_tutor.ui.i18n import get_language, t
from bp_tutor.ui.screens.base import TutorScreen
from bp_tutor.ui.widgets.footer import TutorFooter
from bp_tutor.ui.widgets.lab_gradcheck import GradCheckPanel
from bp_tutor.ui.widgets.lab_settings import SettingsForm
from bp_tutor.ui.widgets.lab_step import StepView
from bp_tutor.ui.widgets.lab_train import TrainView

MODES = ("step", "train", "check", "settings")
REFRESH_HZ = 4  # live redraws of the numbers per second while training
PLOT_EVERY = 2  # the curves on every 2nd of them: plotting is the costliest part of a frame
KEY_HOLD = 0.05  # seconds the training worker sleeps after a key press, so the frame comes fast
BOUNDARY_COLUMNS, BOUNDARY_ROWS = 36, 16
CHUNK_SECONDS = 0.02  # work between two looks at the session state in the worker
SWITCH_INTERVAL = 0.001  # seconds, while training (Python's default is 0.005)


class LabScreen(TutorScreen):
    """The lab on `preset`, or on the settings form's defaults when None."""

    presence: ClassVar[str] = "lab"  # where a classroom's dashboard says the student is

    DEFAULT_CSS = """
    LabScreen #lab-title { height: 1; background: $panel; text-style: bold; padding: 0 1; }
    LabScreen #lab-modes { height: 1; padding: 0 1; }
    LabScreen ContentSwitcher { height: 1fr; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="lab_back"),
        Binding("1", "mode('step')", "Step", id="lab_step_mode", show=False),
        Binding("2", "mode('train')", "Train", id="lab_train_mode", show=False),
        Binding("3", "mode('check')", "Check", id="lab_check_mode", show=False),
        Binding("4", "mode('settings')", "Settings", id="lab_settings_mode", show=False),
        Binding("n", "next", "Next", id="lab_next"),
        Binding("p", "previous", "Previous", id="lab_previous"),
        Binding("y", "your_turn", "Your turn", id="lab_your_turn"),
        # One row in `?` for the four (same id and description); too many for the footer.
        Binding("up", "cursor(-1, 0)", "Choose a cell", id="lab_cursor", show=False),
        Binding("down", "cursor(1, 0)", "Choose a cell", id="lab_cursor", show=False),
        Binding("left", "cursor(0, -1)", "Choose a cell", id="lab_cursor", show=False),
        Binding("right", "cursor(0, 1)", "Choose a cell", id="lab_cursor", show=False),
        Binding("space", "run", "Run/pause", id="lab_run"),
        Binding("s", "single", "One step", id="lab_single"),
        Binding("r", "reset", "Reset", id="lab_reset"),
        Binding("plus,equals_sign", "learning_rate(2.0)", "η×2", id="lab_faster"),
        Binding("minus", "learning_rate(0.5)", "η÷2", id="lab_slower"),
        Binding("g", "recheck", "Re-check", id="lab_recheck"),
    ]

    # Which bindings belong to which mode (the others are hidden and inactive there).
    MODE_ACTIONS: ClassVar[dict[str, set[str]]] = {
        "step": {"next", "previous", "your_turn", "cursor"},
        "train": {"run", "single", "reset", "learning_rate"},
        "check": {"recheck"},
        "settings": set(),
    }

    def __init__(self, preset: str | None = None) -> None:
        super().__init__()
        self.preset = preset
        self.mode = "step" if preset else "settings"
        self.load_error: str | None = None
        try:
            setup = setup_from_preset(preset) if preset else setup_from_settings(LabSettings())
        except (OSError, SpecError) as error:
            self.load_error = str(error)
            self.preset, self.mode = None, "settings"
            setup = setup_from_settings(LabSettings())
        self.session: TrainingSession | None = None
        self._timer: Timer | None = None
        self._refreshes = 0
        self.notice = ""  # the train view's answer to the last key, if it needs one
        self._use(setup)

    # -- state ---------------------------------------------------------------------------------
    def _use(self, setup: LabSetup) -> None:
        if self.session is not None:
            self.session.pause()
        self.setup = setup
        self.sequence = StepSequence(setup.step_trace())
        self.cursor: Cell = (0, 0)
        self.hidden: Cell | None = None
        self.session = TrainingSession(setup) if setup.can_train else None
        self.report: GradCheckReport | None = None

    # -- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(t("lab.title", name=self.setup.title), id="lab-title")
        yield Static(self._modes_text(), id="lab-modes")
        with ContentSwitcher(initial=f"lab-{self.mode}"):
            yield StepView(id="lab-step")
            yield TrainView(id="lab-train")
            yield GradCheckPanel(id="lab-check")
            yield SettingsForm(settings_of(self.setup), self.preset, id="lab-settings")
        yield TutorFooter()

    def on_mount(self) -> None:
        super().on_mount()
        if self.load_error is not None:
            self.notify(t("lab.error.preset", error=self.load_error), severity="error")
            self.load_error = None
        if self.mode == "settings":  # opened on the form: the keys go to it, as after `4`
            self.query_one(SettingsForm).focus_first_field()
        self._redraw()

    def on_resize(self) -> None:
        self._redraw()

    def relanguage(self) -> None:
        super().relanguage()
        self.call_after_refresh(self._redraw)

    def _modes_text(self) -> Text:
        text = Text()
        for k, mode in enumerate(MODES, start=1):
            style = "bold reverse" if mode == self.mode else "dim"
            text.append(f" {k} {t(f'lab.mode.{mode}')} ", style=style)
            text.append(" ")
        return text

    def _redraw(self) -> None:
        """Draw the current mode from the state."""
        if not self.is_mounted or not self.query("#lab-modes"):
            return  # not yet composed, or recomposing for a language switch
        self.query_one("#lab-modes", Static).update(self._modes_text())
        if self.mode == "step":
            self.query_one(StepView).show(self.sequence, self.cursor, self.hidden)
        elif self.mode == "train":
            self._refresh_train(plots=True)
        elif self.mode == "check":
            self._show_check()

    # -- bindings ------------------------------------------------------------------------------
    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Translated as on every screen (`keys.lab_*`); while the settings form is being
        edited, esc says it leaves the form first, not the lab."""
        out = super().active_bindings
        if self.mode == "settings" and self._editing_settings():
            for key, active in out.items():
                if active.binding.id == "lab_back":
                    out[key] = active._replace(binding=replace(
                        active.binding, description=t("keys.lab_leave_form")))
        return out

    def on_key(self) -> None:
        """A key press (whatever it is bound to) gets the GIL to itself for a moment."""
        if self.session is not None and self.session.running:
            self.session.hold(KEY_HOLD)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mode" and self.mode == "settings" and self._editing_settings():
            return False  # "0.01" typed with a list field focused must not leave the form
        for mode, actions in self.MODE_ACTIONS.items():
            if action in actions:
                return mode == self.mode
        return True

    def _editing_settings(self) -> bool:
        focused = self.focused
        return focused is not None and any(isinstance(node, SettingsForm)
                                           for node in focused.ancestors)

    def action_mode(self, mode: str) -> None:
        if mode == self.mode:
            if mode == "settings":  # back into the form after esc
                self.query_one(SettingsForm).focus_first_field()
            return
        self.mode = mode
        self.query_one(ContentSwitcher).current = f"lab-{mode}"
        if mode == "settings":  # the keys go to the form until esc
            self.query_one(SettingsForm).focus_first_field()
        elif self.focused is not None and self.focused.id != "lab-turn-input":
            self.set_focus(None)  # the digits switch modes again
        self.refresh_bindings()
        self._redraw()
        # A view that was hidden had no size yet, so it was drawn for a guessed height: again,
        # once the layout has given it its real one.
        self.call_after_refresh(self._redraw)

    def action_back(self) -> None:
        if self.hidden is not None:
            self._end_turn(reveal=True)
            return
        if self.mode == "settings" and self.focused is not None:
            self.set_focus(None)  # out of the form first: then 1–3 switch modes, esc leaves
            return
        if self.session is not None:
            self.session.pause()
        self.app.action_go_back()  # type: ignore[attr-defined]

    # -- step mode -----------------------------------------------------------------------------
    def action_next(self) -> None:
        self._end_turn(reveal=False)
        if self.sequence.forward():
            self.cursor = clamp_cell(self.cursor, self.sequence.current.shape)
        self._redraw()

    def action_previous(self) -> None:
        self._end_turn(reveal=False)
        if self.sequence.back():
            self.cursor = clamp_cell(self.cursor, self.sequence.current.shape)
        self._redraw()

    def action_cursor(self, rows: int, columns: int) -> None:
        if self.hidden is not None:
            return  # the hidden cell stays put until the turn is over
        r, c = self.cursor
        self.cursor = clamp_cell((r + rows, c + columns), self.sequence.current.shape)
        self._redraw()

    def action_your_turn(self) -> None:
        entry = self.sequence.current
        view = self.query_one(StepView)
        if self.hidden is None and view.unseen_inputs:
            # Asking for a sum whose terms are behind "…" would be asking for a guess.
            view.show_verdict(Text(t("lab.turn.not_all_shown", label=entry.label,
                                     index=cell_text(entry.shape, self.cursor),
                                     count=view.unseen_inputs), style="yellow"))
            return
        self.hidden = self.cursor
        view.open_turn(t("lab.turn.prompt", label=entry.label,
                         index=cell_text(entry.shape, self.cursor)))
        self._redraw()  # the turn box takes lines from the matrices: they redraw on that resize

    def _end_turn(self, reveal: bool) -> None:
        if self.hidden is None:
            return
        entry = self.sequence.current
        view = self.query_one(StepView)
        view.close_turn()
        if reveal:
            view.show_verdict(t("lab.turn.revealed", label=entry.label,
                                index=cell_text(entry.shape, self.hidden),
                                value=format_number(value_at(entry, self.hidden))))
        self.hidden = None
        self.set_focus(None)
        self._redraw()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "lab-turn-input" or self.hidden is None:
            return
        event.stop()
        # Imported here: the grader pulls in the quiz package, which step mode needs only now.
        from bp_tutor.lab.grading import grade_cell

        entry, cell = self.sequence.current, self.hidden
        grade = grade_cell(event.value, self.sequence.trace, entry, cell)
        view = self.query_one(StepView)
        if grade.syntax_error is not None:
            view.turn_feedback(Text(grade.syntax_error.render(event.value, get_language()),
                                    style="yellow"))
            return
        if grade.correct:
            self._end_turn(reveal=False)
            view.show_verdict(Text(t("lab.turn.right", label=entry.label,
                                     index=cell_text(entry.shape, cell),
                                     value=format_number(grade.reference)),
                                   style="bold green"))
            return
        feedback = Text(t("lab.turn.wrong", answer=f"{grade.answer:.6g}"), style="bold red")
        if grade.mistake is not None:
            from bp_tutor.quiz.misconceptions import MISCONCEPTIONS

            mistake, lang = MISCONCEPTIONS[grade.mistake], get_language()
            explanation = mistake.explanation(lang)
            if grade.slip is not None:
                from bp_tutor.quiz.term_slip import slip_sentence

                explanation += (" " if lang == "en" else "") + slip_sentence(grade.slip, lang)
            feedback.append("\n" + t("app.labelled", label=mistake.title(lang),
                                      text=explanation), style="yellow")
        view.turn_feedback(feedback)

    # -- train mode ----------------------------------------------------------------------------
    def action_run(self) -> None:
        if self.session is None:
            return
        self.notice = ""
        self.session.toggle()
        if self.session.running:
            self._start_worker()
        self._refresh_train(plots=True)

    def action_single(self) -> None:
        if self.session is None:
            return
        try:
            self.session.step_once()
            self.notice = ""
        except SessionError:
            self.notice = t("lab.train.pause_first")
        self._refresh_train(plots=not self.session.running)

    def action_reset(self) -> None:
        if self.session is None:
            return
        self.session.reset()
        self.notice = ""
        self._refresh_train(plots=True)

    def action_learning_rate(self, factor: float) -> None:
        if self.session is None:
            return
        wanted = self.session.learning_rate * factor
        if wanted >= MAX_LEARNING_RATE:
            # Say why nothing changed: a key that silently does nothing looks broken.
            self.notice = t("lab.train.lr_cap", lr=self.session.learning_rate,
                            max=MAX_LEARNING_RATE)
            self._refresh_train(plots=False)
            return
        try:
            self.session.set_learning_rate(wanted)
            self.notice = ""
        except SessionError:
            # A line in the view, not a toast: a toast costs a layout pass of the whole screen.
            self.notice = t("lab.train.pause_first")
        self._refresh_train(plots=False)

    def _start_worker(self) -> None:
        if self._timer is None:
            self._timer = self.set_interval(1 / REFRESH_HZ, self._tick)
        self._train_worker()

    @work(thread=True, exclusive=True, group="lab-train")
    def _train_worker(self) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        session = self.session
        # The worker holds the GIL between NumPy calls; the UI thread needs it many times to answer
        # one key (each await hands it over). A shorter switch interval keeps those waits short.
        previous = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        try:
            while session is not None and session.running and not worker.is_cancelled:
                session.run_chunk(max_seconds=CHUNK_SECONDS)
        finally:
            sys.setswitchinterval(previous)

    def _tick(self) -> None:
        self._refreshes += 1
        running = self.session is not None and self.session.running
        self._refresh_train(plots=self._refreshes % PLOT_EVERY == 0 or not running)
        if not running and self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _refresh_train(self, plots: bool) -> None:
        if not self.is_mounted or self.mode != "train":
            return
        views = self.query(TrainView)
        if not views:
            return  # between the old widgets and the new during a language switch
        view = views.first()
        if self.session is None:
            view.show_unavailable(self.setup.title)
            return
        boundary = self.session.boundary(BOUNDARY_COLUMNS, BOUNDARY_ROWS) if plots else None
        view.show(self.session.snapshot(), boundary, plots=plots, notice=self.notice)

    # -- gradient check ------------------------------------------------------------------------
    def action_recheck(self) -> None:
        self.report = None
        self._show_check()

    def _show_check(self) -> None:
        if self.report is None:
            net = self.session.net.copy() if self.session is not None else self.setup.network()
            self.report = gradcheck(net, self.setup.x, self.setup.y)
        self.query_one(GradCheckPanel).show(self.report)

    # -- settings ------------------------------------------------------------------------------
    def on_settings_form_applied(self, message: SettingsForm.Applied) -> None:
        message.stop()
        if self.session is not None:
            self.session.pause()
        self.preset = message.preset
        self._use(message.setup)
        self.query_one(StepView).clear_turn()  # a verdict on the old network's numbers
        self.query_one("#lab-title", Static).update(t("lab.title", name=self.setup.title))
        self.notify(t("lab.settings.applied", name=self.setup.title), timeout=2)
        self.action_mode("step")

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.pause()
