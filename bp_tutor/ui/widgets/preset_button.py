"""`lab` block: a button that opens the network lab on the block's preset."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button

from bp_tutor.ui.i18n import t
from bp_tutor.ui.messages import OpenLab
from bp_tutor.ui.widgets.prose import ProseView


class LabBlock(Vertical):
    """Optional caption and the "Open the lab on PRESET" button."""

    DEFAULT_CSS = """
    LabBlock {
        height: auto;
        margin: 0 1 1 1;
    }
    LabBlock > .lab-caption MarkdownParagraph:last-child {
        margin-bottom: 0;
    }
    """

    def __init__(self, preset: str, caption: str = "") -> None:
        super().__init__()
        self.preset = preset
        self.caption = caption

    def compose(self) -> ComposeResult:
        if self.caption:
            caption = ProseView(self.caption)
            caption.add_class("lab-caption")
            yield caption
        yield Button(t("block.lab.open", preset=self.preset), variant="success")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(OpenLab(self.preset))
