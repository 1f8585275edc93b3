"""The footer is rebuilt when its keys change, and only then."""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button

from bp_tutor.ui.widgets.footer import TutorFooter

from .screen_text import screen_text


class _Two(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "noop", "Do x", id="x")]

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield TutorFooter()

    def action_noop(self) -> None:
        pass


async def test_focus_moves_without_rebuilding_an_unchanged_footer():
    app = _Two()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        footer = app.query_one(TutorFooter)
        composed = []
        original = footer.compose

        def counting_compose():
            composed.append(1)
            return original()

        footer.compose = counting_compose  # type: ignore[method-assign]
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
        assert composed == []
        assert "Do x" in screen_text(app)
    # That a change of keys does rebuild it is shown by the language tests: after switching to
    # Chinese the footer reads 下一步 / 返回 (tests/ui/test_language_and_theme.py).
