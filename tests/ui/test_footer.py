"""The footer is rebuilt when its keys change, and only then; it shows only keys that fit whole."""

from itertools import pairwise
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from bp_tutor.ui.start import StartTarget
from bp_tutor.ui.widgets.footer import TutorFooter
from tests.ui.conftest import AppFactory

from .screen_text import screen_lines, screen_text


def _count_composes(footer: TutorFooter) -> list[int]:
    """A list that grows by one each time `footer` builds its keys from now on."""
    composed: list[int] = []
    original = footer.compose

    def counting_compose():
        composed.append(1)
        return original()

    footer.compose = counting_compose  # type: ignore[method-assign]
    return composed


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
        composed = _count_composes(footer)
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
        assert composed == []
        assert "Do x" in screen_text(app)
    # That a change of keys does rebuild it is shown by the language tests: after switching to
    # Chinese the footer reads 下一步 / 返回 (tests/ui/test_language_and_theme.py).


class _ListAndButton(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "noop", "Do x", id="x")]

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList

        yield OptionList("a", "b", id="list")  # its arrow and enter keys are not shown
        yield Button("one", id="one")
        yield TutorFooter()

    def action_noop(self) -> None:
        pass


async def test_keys_the_footer_does_not_show_do_not_rebuild_it():
    app = _ListAndButton()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        footer = app.query_one(TutorFooter)
        composed = _count_composes(footer)
        for _ in range(4):  # the list (with its hidden keys) and the button take turns
            await pilot.press("tab")
            await pilot.pause()
        assert composed == []
        assert "Do x" in screen_text(app)


def _footer_keys_fit(app: App[object], width: int) -> list[str]:
    """The footer's keys as "key description"; asserts none is cut or covered by another."""
    footer = app.screen.query_one(TutorFooter)
    keys = list(footer.query(FooterKey))
    spans = sorted((key.region.x, key.region.right) for key in keys)
    for (_, right), (left, _) in pairwise(spans):
        assert right <= left, spans  # the docked palette key used to cover the last labels
    assert all(left >= 0 and right <= width for left, right in spans), spans
    line = screen_lines(app)[-1]
    shown = [f"{key.key_display} {key.description}".strip() for key in keys]
    for text in shown:
        assert text in line, (text, line)
    return shown


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("mode", ["1", "2", "3"])
async def test_lab_footer_at_80_columns_shows_only_whole_keys(
    make_app: AppFactory, lang: str, mode: str
) -> None:
    app = make_app(lang=lang, start=StartTarget.lab("toy-452"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(mode)
        await pilot.pause()
        await pilot.pause()
        shown = _footer_keys_fit(app, 80)
    assert shown[0] in ("esc Back", "esc 返回")  # the screen's own keys come first and stay
    assert any(text.startswith("? ") for text in shown)  # help, which lists what was left out


async def test_left_out_keys_are_app_wide_ones_and_come_back_when_wide(make_app: AppFactory) -> None:
    app = make_app(start=StartTarget.lab("toy-452"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        narrow = _footer_keys_fit(app, 80)
        for text in ("space Run/pause", "s One step", "r Reset", "- η÷2", "? Help"):
            assert text in narrow
        assert "t Theme" not in narrow and "q Quit" not in narrow
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        await pilot.pause()
        wide = _footer_keys_fit(app, 120)
        assert "t Theme" in wide and "q Quit" in wide and "^p Commands" in wide


async def test_a_resize_that_changes_no_key_does_not_rebuild_the_footer(make_app: AppFactory) -> None:
    """Home fits every key at 80 columns already: wider changes nothing and costs nothing (each
    student's session starts with resizes). The lab at 80 leaves keys out: wider rebuilds."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(TutorFooter)
        composed = _count_composes(footer)
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        await pilot.pause()
        assert composed == []
        _footer_keys_fit(app, 120)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_home_footer_keeps_every_key_at_80_columns(make_app: AppFactory, lang: str) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = _footer_keys_fit(app, 80)
    assert len(shown) == 8


async def test_very_narrow_footer_still_cuts_no_label(make_app: AppFactory) -> None:
    app = make_app(lang="zh")
    async with app.run_test(size=(30, 24)) as pilot:
        await pilot.pause()
        shown = _footer_keys_fit(app, 30)
    assert shown  # something is left, all of it whole
