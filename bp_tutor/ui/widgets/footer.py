"""The footer: Textual's, rebuilt only when what it shows has changed."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class TutorFooter(Footer):
    """Every focus change publishes "bindings updated", and the stock footer then rebuilds all
    of its keys, even when they are the same (six rebuilds while the home screen starts). Here
    the keys are compared first. That makes start-up and key presses cheaper, which counts most
    when one machine serves a whole class.
    """

    _shown: tuple[Any, ...] | None = None

    @staticmethod
    def _signature(screen: Screen[Any]) -> tuple[Any, ...]:
        return tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._bindings_ready and screen.app.app_focus and screen is self.screen:
            signature = self._signature(screen)
            if signature == self._shown:
                return
            self._shown = signature
        elif screen.app.app_focus and screen is self.screen:
            self._shown = self._signature(screen)
        super().bindings_changed(screen)
