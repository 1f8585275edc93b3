"""`network` block: named entries of a preset's trace with their formula, shape and numbers.

The numbers come from the engine when the block is first shown (one forward and backward pass per
preset, then reused), so the lesson, the lab and the quizzes can never disagree about them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from bp_tutor.ui.formatting import format_matrix, shape_label
from bp_tutor.ui.i18n import t
from bp_tutor.ui.widgets.prose import ProseView

if TYPE_CHECKING:
    from bp_tutor.nn import Trace


@dataclass(frozen=True)
class ShownEntry:
    """One trace entry as displayed."""

    name: str
    label: str
    formula: str
    shape: str
    lines: tuple[str, ...]


@lru_cache(maxsize=8)
def preset_trace(preset: str) -> Trace:
    """One forward and backward pass of the preset's network on its own batch.

    Cached because a lesson shows the same preset in several steps and every step change composes
    its blocks again, while the presets ship with the package and do not change as the app runs.
    `Preset.network` (not `Network.from_spec`) supplies the input size of presets that name a
    dataset instead of giving x, exactly as `bp-tutor check` traces them.
    """
    from bp_tutor.nn import load_preset

    loaded = load_preset(preset)
    return loaded.network().trace(loaded.x, loaded.y)


def trace_entries(preset: str, names: Sequence[str]) -> list[ShownEntry]:
    """Pick `names` from the preset's trace (KeyError if one is absent)."""
    trace = preset_trace(preset)
    shown = []
    for name in names:
        entry = trace[name]
        shown.append(
            ShownEntry(
                name=name,
                label=entry.label,
                formula=entry.formula,
                shape=shape_label(tuple(entry.value.shape)),
                lines=tuple(format_matrix(entry.value)),
            )
        )
    return shown


def entries_table(entries: Sequence[ShownEntry]) -> Table:
    """A two-column grid: label and shape on the left, formula over the numbers on the right."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    for entry in entries:
        left = Text.assemble((entry.label, "bold"), "\n", (entry.shape, "dim"))
        right = Text.assemble((entry.formula, "italic"), "\n", "\n".join(entry.lines))
        table.add_row(left, right)
        table.add_row("", "")
    return table


class NetworkBlock(Vertical):
    """Caption, then each requested trace entry; an error message if the preset cannot be run."""

    DEFAULT_CSS = """
    NetworkBlock {
        height: auto;
        border: round $primary;
        padding: 0 1;
        margin: 0 1 1 1;
        overflow-x: auto;
    }
    NetworkBlock > .network-caption {
        margin-bottom: 1;
    }
    NetworkBlock > .network-caption > Markdown {
        padding: 0;
    }
    NetworkBlock > .network-caption MarkdownParagraph:last-child {
        margin-bottom: 0;
    }
    NetworkBlock > .network-entries {
        width: auto;
    }
    """

    def __init__(self, preset: str, names: Sequence[str], caption: str = "") -> None:
        super().__init__()
        self.preset = preset
        self.names = tuple(names)
        self.caption = caption

    def compose(self) -> ComposeResult:
        self.border_title = t("block.network.title", preset=self.preset)
        if self.caption:
            caption = ProseView(self.caption)
            caption.add_class("network-caption")
            yield caption
        try:
            entries = trace_entries(self.preset, self.names)
        except KeyError as missing:
            yield Static(t("block.network.unknown_entry", name=str(missing), preset=self.preset))
            return
        except Exception as error:  # any engine failure becomes a message, not a crash
            yield Static(t("block.network.failed", preset=self.preset, error=str(error)))
            return
        yield Static(entries_table(entries), classes="network-entries", shrink=False)
