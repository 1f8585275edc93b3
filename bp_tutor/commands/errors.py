"""How commands report bad input: one line saying what, where and what was expected; never a traceback."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from bp_tutor.cells import cell_width

if TYPE_CHECKING:
    from bp_tutor.nn.spec import SpecError

USAGE_ERROR = 2  # bad input on the command line or in a file it names


def fail(message: str, status: int = USAGE_ERROR) -> int:
    print(f"bp-tutor: {message}", file=sys.stderr)
    return status


def caret_lines(line_text: str, column: int) -> list[str]:
    """The source line and a caret under 1-based `column` (wide characters counted as two cells)."""
    before = line_text[: max(column - 1, 0)]
    return ["  " + line_text, "  " + " " * cell_width(before) + "^"]


def spec_error_message(err: SpecError) -> str:
    """file:line:column: field: message, then the line and a caret under the place, when the
    spec came from a file and the place can be found in it."""
    from bp_tutor.commands.json_locate import locate

    if err.path is None or err.text is None:
        return str(err)
    where = (err.line, err.column) if err.line and err.column else (
        locate(err.text, err.field) if err.field else None)
    if where is None:
        return f"{err.path}: {err}"
    line, column = where
    lines = err.text.splitlines() or [""]
    source_line = lines[min(line, len(lines)) - 1]
    return "\n".join([f"{err.path}:{line}:{column}: {err}", *caret_lines(source_line, column)])
