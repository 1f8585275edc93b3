"""The notices a student gets when their name is logged in twice.

Two sessions under one name are usually one student back after a dropped connection, before the
server has noticed the old one is gone (up to a minute), so both sessions are kept: closing the old
one would gain nothing and progress is shared anyway. Sometimes it is two students who typed the
same name; then both must learn it before answering more, hence notices that wait for a key
rather than messages that fade: one for the session that arrives, one for those already there.
They are whole screens, not toasts, also because an overlay drawn over the lesson list loses the
Chinese characters that straddle the list's edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from bp_tutor.ui.i18n import t


def shared_name_text(student: str, since: Sequence[datetime]) -> str:
    """The arriving session's notice: how many other sessions use the name, and since when."""
    first = min(since).astimezone().strftime("%H:%M")
    if len(since) == 1:
        elsewhere = t("classroom.shared.one", since=first)
    else:
        elsewhere = t("classroom.shared.many", count=len(since), since=first)
    return t("classroom.shared.body", student=student, elsewhere=elsewhere)


class SharedNameScreen(ModalScreen[None]):
    """"ana is already logged in" (`since`: when the other sessions began), or, without `since`,
    "someone has just logged in as ana" for a session already there: continue or quit."""

    DEFAULT_CSS = """
    SharedNameScreen { align: center middle; }
    SharedNameScreen > #shared-name {
        width: 72; max-width: 100%; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    SharedNameScreen #shared-name-title { text-style: bold; color: $warning; margin-bottom: 1; }
    SharedNameScreen #shared-name-buttons { height: auto; margin-top: 1; }
    SharedNameScreen #shared-name-buttons > Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "continue", "Continue", id="classroom_continue"),
        Binding("q", "quit", "Quit", id="classroom_quit"),
    ]

    def __init__(self, student: str, since: Sequence[datetime] = ()) -> None:
        super().__init__()
        self.student = student
        self.since = tuple(since)

    def compose(self) -> ComposeResult:
        if self.since:
            title = t("classroom.shared.title", student=self.student)
            body = shared_name_text(self.student, self.since)
        else:
            title = t("classroom.shared.joined_title", student=self.student)
            body = t("classroom.shared.joined", student=self.student)
        with Vertical(id="shared-name"):
            yield Static(title, id="shared-name-title", markup=False)
            yield Static(body, id="shared-name-body", markup=False)
            with Horizontal(id="shared-name-buttons"):
                yield Button(t("keys.classroom_continue"), id="continue", variant="primary")
                yield Button(t("keys.classroom_quit"), id="quit")

    def on_mount(self) -> None:
        # Enter continues: a student back from a dropped connection wants one key, not a choice.
        self.query_one("#continue", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "quit":
            self.action_quit()
        else:
            self.action_continue()

    def action_continue(self) -> None:
        self.dismiss(None)

    def action_quit(self) -> None:
        self.app.exit()
