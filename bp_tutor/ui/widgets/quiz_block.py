"""`quiz` block: a generated question answered in place, graded with its misconceptions, with
hints in steps and the worked solution. Every graded answer is saved as it is given."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from bp_tutor.ui.i18n import get_language, t
from bp_tutor.ui.widgets.prose import ProseView

if TYPE_CHECKING:
    from bp_tutor.quiz.model import Array, Grade, PartGrade, Question


@dataclass(frozen=True)
class QuizCarry:
    """What a student did with a question, handed to the block that replaces it when the screen is
    drawn again in another language: replaying `events` (answers given, hints and the solution
    asked for) on the same question in the new language rebuilds every message in that language."""

    seed: int  # the same numbers, also for a question drawn at random for the visit
    events: tuple[tuple[str, str], ...]  # ("answer", text), ("hint", ""), ("solution", "")
    typed: str  # what was in the answer field, not yet submitted
    started: float


class QuizBlock(Vertical, can_focus=False):
    """One question of `kind` (a fixed `seed`, or a fresh one per visit when None)."""

    DEFAULT_CSS = """
    QuizBlock {
        height: auto;
        border: round $accent;
        padding: 0 1;
        margin: 0 1 1 1;
    }
    QuizBlock > Static { height: auto; }
    QuizBlock > .quiz-intro { margin-bottom: 1; }
    QuizBlock > .quiz-intro > Markdown { padding: 0; }
    QuizBlock > .quiz-intro MarkdownParagraph:last-child { margin-bottom: 0; }
    QuizBlock .quiz-feedback { margin-top: 1; }
    QuizBlock .quiz-buttons { height: auto; }
    QuizBlock .quiz-buttons Button { margin-right: 1; min-width: 10; }
    QuizBlock .-right { color: $success; }
    QuizBlock .-wrong { color: $error; }
    QuizBlock .-partial { color: $warning; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "hint", "Hint", id="quiz_hint"),
        Binding("f3", "solution", "Solution", id="quiz_solution"),
    ]

    def __init__(self, kind: str, seed: int | None, lesson_id: str | None,
                 *, lang: str | None = None, intro: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = kind
        # The lesson's own sentence leading into the question (Markdown, math already drawn).
        self.intro = intro
        self.fixed_seed = seed is not None
        self.lesson_id = lesson_id
        self.lang = lang or get_language()
        self.question: Question | None = None
        self.error: str | None = None
        self._draw(seed if seed is not None else random.randrange(1_000_000))
        self.part_index = 0
        self.previous: Array | None = None
        self.previous_right = True
        self.part_grades: list[PartGrade] = []
        self.hints_shown = 0
        self.finished = False
        self.solution_shown = False
        self.started = time.monotonic()
        self.last_grade: Grade | None = None
        self.events: list[tuple[str, str]] = []

    def _draw(self, seed: int) -> None:
        from bp_tutor.quiz.kinds import generate

        self.seed = seed
        try:
            self.question = generate(self.kind, seed, self.lang)
        except KeyError:
            self.error = t("quiz.unknown_kind", kind=self.kind)

    # -- a language switch ----------------------------------------------------------------------
    @property
    def carry_key(self) -> tuple[str, str | None, int | None]:
        """Which block of the redrawn screen takes over from this one: the same kind in the same
        lesson, with the same fixed seed or none (of several, the first takes the first)."""
        return (self.kind, self.lesson_id, self.seed if self.fixed_seed else None)

    def carry_out(self) -> QuizCarry:
        typed = self.query_one(".quiz-input", Input).value if self.question is not None else ""
        return QuizCarry(self.seed, tuple(self.events), typed, self.started)

    async def on_mount(self) -> None:
        waiting = getattr(self.screen, "carried_over", {}).get(self.carry_key)
        if not waiting or self.question is None:
            return
        carried = waiting.pop(0)
        if not isinstance(carried, QuizCarry):
            return
        if carried.seed != self.seed:  # drawn at random: keep the numbers the student has
            self._draw(carried.seed)
            await self.recompose()
        self._replay(carried)

    def _replay(self, carried: QuizCarry) -> None:
        """Redo the student's steps on this block without saving them again: they were saved when
        first taken."""
        for kind, text in carried.events:
            if kind == "answer":
                self._submit(text, record=False)
            elif kind == "hint":
                self.action_hint()
            elif kind == "solution":
                self.action_solution()
        if not self.finished:
            self.query_one(".quiz-input", Input).value = carried.typed
        self.started = carried.started

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        if self.question is None:
            yield Static(self.error or "", classes="quiz-error")
            return
        from bp_tutor.quiz.grading import tolerance_text
        from bp_tutor.quiz.kinds import KINDS

        self.border_title = t("quiz.title", title=KINDS[self.kind].title(self.lang))
        if self.intro:
            intro = ProseView(self.intro)
            intro.add_class("quiz-intro")
            yield intro
        yield Static(self.question.prompt, classes="quiz-prompt", markup=False)
        yield Static(tolerance_text(self.question), classes="quiz-tolerance", markup=False)
        part = Static(self._part_text(), classes="quiz-part", markup=False)
        part.display = self.question.multi_part
        yield part
        placeholder = t("quiz.placeholder_line" if self.question.integer else "quiz.placeholder")
        yield Input(placeholder=placeholder, classes="quiz-input")
        with Horizontal(classes="quiz-buttons"):
            yield Button(t("quiz.check"), classes="quiz-check")
            yield Button(t("quiz.hint"), classes="quiz-hint")
            yield Button(t("quiz.solution"), classes="quiz-solution")
        yield Static(t("quiz.keys"), classes="quiz-keys")
        yield Static("", classes="quiz-feedback", markup=False)
        yield Static("", classes="quiz-hints", markup=False)
        yield Static("", classes="quiz-solution-text", markup=False)

    def _part_text(self) -> str:
        q = self.question
        if q is None or not q.multi_part:
            return ""
        part = q.parts[min(self.part_index, len(q.parts) - 1)]
        return t("quiz.part", number=self.part_index + 1, total=len(q.parts)) + " — " + part.prompt

    def focus_answer(self) -> None:
        """Put the cursor in the answer box, while the question is still open."""
        if self.question is not None and not self.finished:
            self.query_one(".quiz-input", Input).focus()

    # -- answering -----------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.has_class("quiz-check"):
            self.submit(self.query_one(".quiz-input", Input).value)
        elif event.button.has_class("quiz-hint"):
            self.action_hint()
        elif event.button.has_class("quiz-solution"):
            self.action_solution()

    def submit(self, text: str) -> None:
        """Grade `text` as the answer to the current part (a parse error is shown, not counted)."""
        self._submit(text, record=True)

    def _submit(self, text: str, record: bool) -> None:
        from bp_tutor.quiz.grading import grade_part, parse_or_grade, summarise
        from bp_tutor.quiz.model import PartGrade

        q = self.question
        if q is None or self.finished or not text.strip():
            return
        self.events.append(("answer", text))
        parsed = parse_or_grade(q, text)
        feedback = self.query_one(".quiz-feedback", Static)
        if isinstance(parsed, PartGrade):
            # A caret picture needs the heading; a number that names no line says it all.
            head = "" if parsed.readable else t("quiz.invalid") + "\n"
            self._show(feedback, "invalid", head + parsed.message)
            return
        result = grade_part(q, self.part_index, parsed, self.previous, self.previous_right)
        # Right only given the student's own wrong earlier answer: the step is done right, the
        # question is not, so it is stored as partial.
        verdict = "partial" if result.carried and result.verdict == "right" else result.verdict
        if record:
            self._record(text, verdict, result.misconception_id, self.part_index)
        self.part_grades.append(result)
        self.previous, self.previous_right = parsed, result.verdict == "right" and not result.carried
        self.part_index += 1
        if self.part_index < len(q.parts):
            self._show(feedback, result.verdict, result.message)
            self.query_one(".quiz-part", Static).update(self._part_text())
            self.query_one(".quiz-input", Input).value = ""
            return
        grade = summarise(q, tuple(self.part_grades))
        self.last_grade = grade
        self._show(feedback, grade.verdict, grade.message)
        if grade.verdict == "right" or self.solution_shown:
            self._finish()
        else:
            # Wrong: the student may try again (each try is recorded), using the hints, until
            # the answer is right or they look at the solution.
            self._restart_parts()

    def _restart_parts(self) -> None:
        self.part_index = 0
        self.previous, self.previous_right = None, True
        self.part_grades = []
        if self.question is not None and self.question.multi_part:
            self.query_one(".quiz-part", Static).update(self._part_text())
            self.query_one(".quiz-input", Input).value = ""

    def _finish(self) -> None:
        """The question is over (answered right, or the solution shown): the answer field is
        disabled and says so, and what key brings the next thing, so that typing into it and
        pressing enter does not silently do nothing."""
        self.finished = True
        field = self.query_one(".quiz-input", Input)
        field.value = ""
        field.placeholder = self._done_text()
        focused = field.has_focus
        field.disabled = True
        if focused:
            # Disabling blurs the field; a button of the block keeps F2/F3 (bound here) working
            # and lets the screen's keys (next question, next step) through.
            self.query_one(".quiz-solution", Button).focus()

    def _done_text(self) -> str:
        """"Answered — press F5 for a new question" in the drill, "… n for the next step" in a
        lesson that has one: the key is read from the screen's own bindings, never assumed."""
        done = t("quiz.done_solution" if self.solution_shown else "quiz.done_answered")
        screen = self.screen
        found: dict[str, str] = {}
        # The screen's declared bindings, not `active_bindings`: while the answer field has focus
        # that leaves out printable keys such as n (the field would type them).
        declared = [binding for cls in type(screen).__mro__
                    for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", []))]
        # Of several keys for one action the shortest name wins: "n" rather than "right".
        for binding in sorted(declared, key=lambda b: len(b.key)):
            if binding.action in ("next_question", "next_step") and binding.action not in found:
                key = self.app.get_key_display(binding)
                if key[:1] == "f" and key[1:].isdigit():
                    key = key.upper()  # written F5 in prose, as the block's own key line has it
                found[binding.action] = key
        if "next_question" in found:
            return t("quiz.done_next_question", done=done, press=found["next_question"])
        # A lesson screen's last step has no next one (it shows "finished" instead).
        more_steps = getattr(screen, "step", 0) < getattr(screen, "total_steps", 0)
        if "next_step" in found and more_steps:
            return t("quiz.done_next_step", done=done, press=found["next_step"])
        return t("quiz.done", done=done)

    def _show(self, widget: Static, verdict: str, message: str) -> None:
        head = {"right": t("quiz.right"), "wrong": t("quiz.wrong"),
                "partial": t("quiz.partial")}.get(verdict, "")
        # Chinese puts no space after its full-width punctuation (✓ 正确！错误就在第 4 行。).
        gap = "" if head.endswith(("。", "！", "？", "：", "；", "，")) else " "
        widget.update(f"{head}{gap}{message}".strip() if head else message)
        widget.set_classes(f"quiz-feedback -{verdict}")

    def _record(self, answer: str, verdict: str, misconception: str | None, part: int) -> None:
        """Save the attempt now: a process killed right after an answer must lose nothing."""
        store = getattr(self.app, "store", None)
        record = getattr(store, "record_attempt", None)
        if record is None or self.question is None:
            return
        try:
            record(kind=self.kind, topic=self.question.topic, seed=self.seed, answer=answer,
                   verdict=verdict, misconception=misconception,
                   seconds=max(0.0, time.monotonic() - self.started),
                   lesson_id=self.lesson_id, part=part)
        except Exception as error:  # a full disk must not end the quiz; say so instead
            self.app.notify(t("quiz.save_failed", error=str(error)), severity="error")
        self.started = time.monotonic()

    # -- help ------------------------------------------------------------------------------------
    def action_hint(self) -> None:
        q = self.question
        if q is None:
            return
        self.events.append(("hint", ""))
        hints = self.query_one(".quiz-hints", Static)
        if self.hints_shown >= len(q.hints):
            hints.update(self._hint_lines() + "\n" + t("quiz.no_more_hints"))
        else:
            self.hints_shown += 1
            hints.update(self._hint_lines())
        self._bring_into_view(hints)

    def _bring_into_view(self, widget: Static) -> None:
        """Scroll what was just shown onto the screen: below a long question it would otherwise
        appear under the bottom edge. After the refresh, when its new height is known."""
        self.call_after_refresh(widget.scroll_visible, animate=False)

    def _hint_lines(self) -> str:
        q = self.question
        assert q is not None
        return "\n".join(t("quiz.hint_n", number=i + 1, total=len(q.hints), text=q.hints[i])
                         for i in range(self.hints_shown))

    def action_solution(self) -> None:
        if self.question is None:
            return
        self.events.append(("solution", ""))
        self.solution_shown = True  # answers after this are not graded as the student's own
        solution = self.query_one(".quiz-solution-text", Static)
        solution.update(t("quiz.solution_title") + "\n" + self.question.solution)
        if not self.finished:
            self._finish()
        self._bring_into_view(solution)
