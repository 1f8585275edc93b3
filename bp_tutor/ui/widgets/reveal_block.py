"""`reveal` block: a question whose answer appears when the reader asks for it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button

from bp_tutor.ui.i18n import t
from bp_tutor.ui.widgets.prose import ProseView

ANSWER_SEPARATOR = "???"


def split_question(body: str) -> tuple[str, str]:
    """The body before the `???` line and after it (the answer is empty if there is no `???`)."""
    lines = body.splitlines()
    for index, line in enumerate(lines):
        if line.strip() == ANSWER_SEPARATOR:
            return "\n".join(lines[:index]).strip(), "\n".join(lines[index + 1 :]).strip()
    return body.strip(), ""


class RevealBlock(Vertical):
    """Question, a button, and the answer (hidden until the button is pressed)."""

    DEFAULT_CSS = """
    RevealBlock {
        height: auto;
        border: round $secondary;
        padding: 0 1;
        margin: 0 1 1 1;
    }
    RevealBlock > .reveal-answer {
        display: none;
    }
    RevealBlock.-revealed > .reveal-answer {
        display: block;
    }
    RevealBlock.-revealed > Button {
        display: none;
    }
    """

    def __init__(self, body: str) -> None:
        super().__init__()
        self.question, self.answer = split_question(body)

    def compose(self) -> ComposeResult:
        self.border_title = t("block.reveal.title")
        yield ProseView(self.question)
        yield Button(t("block.reveal.show"), classes="reveal-button")
        answer = ProseView(self.answer or t("block.reveal.no_answer"))
        answer.add_class("reveal-answer")
        yield answer

    @property
    def revealed(self) -> bool:
        return self.has_class("-revealed")

    def reveal(self) -> None:
        self.add_class("-revealed")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.reveal()
