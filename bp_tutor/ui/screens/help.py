"""The `?` screen: every key of the screen underneath and of the app, generated from bindings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

from bp_tutor.ui.bindings import translate_binding
from bp_tutor.ui.i18n import t
from bp_tutor.ui.screens.base import TutorModalScreen


def own_bindings(node: DOMNode) -> list[Binding]:
    """The bindings `node` declares itself (and inherits), in declaration order."""
    return [binding for _key, binding in node._bindings]


def help_rows(app: App[object], bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """(keys, description) per action, in the language shown; one row per action.

    A binding listing several keys (`right,n`) appears once with all its keys, and so do several
    bindings sharing an id (the four arrows that move one cursor); bindings without a description
    are internal and left out.
    """
    rows: dict[tuple[str, str], list[str]] = {}
    for original in bindings:
        binding = translate_binding(original)
        if not binding.description:
            continue
        keys = rows.setdefault((binding.id or binding.action, binding.description), [])
        shown = app.get_key_display(binding)
        if shown not in keys:
            keys.append(shown)
    return [(" / ".join(keys), description) for (_, description), keys in rows.items()]


def help_table(sections: Iterable[tuple[str, list[tuple[str, str]]]]) -> Table:
    """Sections of (keys, description) rows under a heading each, keys in an aligned column."""
    table = Table.grid(padding=(0, 3))
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    for number, (heading, rows) in enumerate(sections):
        if number:
            table.add_row("", "")
        table.add_row(Text(heading, style="underline"), "")
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))
    return table


class HelpScreen(TutorModalScreen):
    """Keys of `screen` (the one it was opened over), then the app's; esc, q or ? closes it.

    Only the screen's and the app's own bindings are listed: those of whatever widget has focus
    (scrolling, text editing) are standard and would bury the ones that matter here.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="close_help"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.under = screen

    def compose(self) -> ComposeResult:
        sections = [
            (t("help.this_screen"), help_rows(self.app, own_bindings(self.under))),
            (t("help.everywhere"), help_rows(self.app, own_bindings(self.app))),
        ]
        with Vertical(id="help-dialog"):
            yield Static(t("help.title"), id="help-title")
            with VerticalScroll(id="help-keys"):
                yield Static(help_table(sections), id="help-table")
            yield Static(t("help.footer"), id="help-footer")

    def on_mount(self) -> None:
        # Focused, the list scrolls with ↑↓ and page keys when it is taller than the dialog.
        self.query_one("#help-keys").focus()

    def action_close(self) -> None:
        self.dismiss()
