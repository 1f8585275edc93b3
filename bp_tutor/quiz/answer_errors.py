"""The one error a typed answer can raise, and how it is shown under the text the student typed."""

from __future__ import annotations

import unicodedata

# Lines wider than this are shown as a window around the caret, so a 2000-character answer does
# not wrap the terminal and push the caret out of line with its character.
_SHOWN_COLUMNS = 72
_CONTEXT_CHARS = 30
_ELLIPSIS = "…"


class AnswerSyntaxError(Exception):
    """An answer that cannot be read or evaluated, with what went wrong and where.

    `position` is a 0-based index into the text exactly as the student typed it (before
    full-width characters are normalised), so the caret lands under the character they typed.
    A position equal to the length of the text means "at the end".
    `code` is a short stable identifier of the kind of mistake (e.g. "implicit_multiplication",
    "division_by_zero") for code that wants to react to it without reading the message.
    """

    def __init__(self, message: str, message_zh: str, position: int, code: str = "syntax") -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh
        self.position = position
        self.code = code

    def __str__(self) -> str:
        return self.message

    def render(self, text: str, lang: str = "en") -> str:
        """The line of `text` holding the error, a caret under the character, then the message."""
        message = self.message_zh if lang == "zh" else self.message
        line, column = _line_and_column(text, self.position)
        shown, caret_column = _window(line, column)
        return f"{shown}\n{' ' * caret_column}^\n{message}"


def _line_and_column(text: str, position: int) -> tuple[str, int]:
    """The line holding `position` (control characters blanked one for one) and the index in it."""
    position = max(0, min(position, len(text)))
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    if end == -1:
        end = len(text)
    line = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text[start:end])
    return line, position - start


def _char_columns(ch: str) -> int:
    """Terminal columns a character takes: full-width CJK forms take two, combining marks none."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns `text` takes (so a caret after full-width characters still lines up)."""
    return sum(_char_columns(ch) for ch in text)


def _window(line: str, column: int) -> tuple[str, int]:
    """The part of `line` to show and the terminal column of the caret within it."""
    if display_width(line) <= _SHOWN_COLUMNS:
        return line, display_width(line[:column])
    left = max(0, column - _CONTEXT_CHARS)
    right = min(len(line), column + _CONTEXT_CHARS)
    prefix = _ELLIPSIS if left > 0 else ""
    suffix = _ELLIPSIS if right < len(line) else ""
    shown = prefix + line[left:right] + suffix
    return shown, display_width(prefix + line[left:column])
