"""Base screens: translated footer/help bindings, language re-render and the first-frame signal.

Screens written for this app (including the lab and quiz screens) should derive from
`TutorScreen` or `TutorModalScreen` so that switching language re-renders them and their key
descriptions appear in the student's language.
"""

from __future__ import annotations

import os

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

from bp_tutor.ui.bindings import translate_active_bindings

# Set by `benchmarks/startup.py`: exit once the first screen has been painted.
EXIT_AFTER_FIRST_FRAME_ENV = "BP_TUTOR_EXIT_AFTER_FIRST_FRAME"


class LanguageAware:
    """Mixin: `relanguage` re-renders the screen after `bp_tutor.ui.i18n.set_language`."""

    # State handed from the widgets of the old drawing to their successors in the new one. A
    # widget holding the student's work (a quiz being answered) has `carry_key` and
    # `carry_out()`; its successor, with the same key, takes the first state waiting under it
    # when it mounts.
    carried_over: dict[object, list[object]]

    def relanguage(self) -> None:
        """Rebuild the screen's widgets from scratch in the new language."""
        query = getattr(self, "query")  # noqa: B009 - provided by the Screen this is mixed into
        self.carried_over = {}
        for widget in query("*"):
            if hasattr(widget, "carry_out"):
                self.carried_over.setdefault(widget.carry_key, []).append(widget.carry_out())
        refresh = getattr(self, "refresh")  # noqa: B009
        refresh(recompose=True)


def _exit_after_first_frame(screen: Screen[None]) -> None:
    if os.environ.get(EXIT_AFTER_FIRST_FRAME_ENV) == "1":
        screen.call_after_refresh(screen.app.exit)


class TutorScreen(LanguageAware, Screen[None]):
    """A full screen of the app."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translate_active_bindings(super().active_bindings)

    def on_mount(self) -> None:
        _exit_after_first_frame(self)


class TutorModalScreen(LanguageAware, ModalScreen[None]):
    """A screen drawn over another one (help, messages)."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translate_active_bindings(super().active_bindings)
