"""An inline formula's no-break spaces survive Textual's Markdown widget and keep it on one line."""

import pytest
import rich._wrap
from textual.app import App, ComposeResult
from textual.widgets import Markdown, _markdown

from bp_tutor.ui import cjk_wrap, markdown_nbsp

from .screen_text import screen_text

FORMULA = "z\u00a0=\u00a0xW\u00a0+\u00a0b"


class _One(App[None]):
    def compose(self) -> ComposeResult:
        yield Markdown(f"words words words words {FORMULA} more words after it")


async def _text_at(width: int) -> str:
    app = _One()
    async with app.run_test(size=(width, 10)) as pilot:
        await pilot.pause()
        return screen_text(app).replace("\u00a0", " ")


@pytest.fixture(autouse=True)
def _restore_hooks():
    """Put the process-wide hooks back as they were: other tests rely on the app's setup."""
    word, to_content = rich._wrap.re_word, _markdown.MarkdownBlock._token_to_content
    yield
    rich._wrap.re_word = word
    _markdown.MarkdownBlock._token_to_content = to_content  # type: ignore[method-assign]


async def test_formula_stays_on_one_line_at_every_width():
    cjk_wrap.install()
    markdown_nbsp.install()
    for width in (24, 28, 31, 36):
        text = await _text_at(width)
        assert "z = xW + b" in text, (width, text)


async def test_without_the_fix_the_formula_can_break():
    # Shows what the fix is for: Textual alone turns the no-break spaces into breakable ones.
    markdown_nbsp.uninstall()
    cjk_wrap.uninstall()
    texts = [await _text_at(width) for width in (24, 28, 31, 36)]
    assert any("z = xW + b" not in text for text in texts)
