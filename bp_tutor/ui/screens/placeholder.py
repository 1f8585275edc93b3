"""Stands in for a section whose screen is not available in this build (lab, drill)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.widgets import Static

from bp_tutor.ui.screens.base import TutorScreen
from bp_tutor.ui.widgets.footer import TutorFooter


class ComingSoonScreen(TutorScreen):
    """A centred message and a way back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.go_back", "Back", id="back")]

    def __init__(self, message_key: str, **fmt: object) -> None:
        super().__init__()
        self.message_key = message_key
        self.fmt = fmt

    def compose(self) -> ComposeResult:
        from bp_tutor.ui.i18n import t

        with Middle(), Center():
            yield Static(t(self.message_key, **self.fmt), id="coming-soon")
        yield TutorFooter()
