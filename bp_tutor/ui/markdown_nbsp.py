"""Keep the no-break spaces of inline formulas through Textual's Markdown widget.

Textual's Markdown collapses every run of whitespace in a text token to one ' ' (its
`MarkdownBlock._token_to_content` calls `re.sub(r"\\s+", " ", ...)`), and U+00A0 is whitespace to
Python's `re`, so the lesson renderer's no-break spaces would become breakable spaces again.
"""

from __future__ import annotations

from markdown_it.token import Token
from textual.content import Content
from textual.widgets import _markdown

NO_BREAK_SPACE = "\u00a0"
# A private-use character stands in for U+00A0 while Textual collapses whitespace. Both are one
# code point, so the style spans Textual computes stay valid when it is swapped back.
_STAND_IN = "\ue0a0"
_ORIGINAL = _markdown.MarkdownBlock._token_to_content


def _token_to_content(self: _markdown.MarkdownBlock, token: Token) -> Content:
    for child in token.children or ():
        if child.type == "text" and NO_BREAK_SPACE in child.content:
            child.content = child.content.replace(NO_BREAK_SPACE, _STAND_IN)
    content = _ORIGINAL(self, token)
    if _STAND_IN not in content.plain:
        return content
    return Content(content.plain.replace(_STAND_IN, NO_BREAK_SPACE), spans=list(content.spans))


def install() -> None:
    """Make every Markdown widget in this process keep U+00A0."""
    _markdown.MarkdownBlock._token_to_content = _token_to_content  # type: ignore[method-assign]


def uninstall() -> None:
    _markdown.MarkdownBlock._token_to_content = _ORIGINAL  # type: ignore[method-assign]
