"""Lesson Markdown -> reader Markdown: math rendered to Unicode, checked numbers shown plainly.

`$...$` becomes one line of Unicode inside the paragraph, its spaces no-break spaces (U+00A0) so
that wrapping never splits a formula; a `$$...$$` paragraph becomes a fenced block without a
language, so a stacked fraction keeps its columns. `{{ EXPR = NUMBER }}` becomes NUMBER, and the
expression is kept (with its position) for `bp-tutor check`. Code spans and fenced code are left
exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bp_tutor.lessons.latex import LatexError, render_math

NUMBER_TEXT = re.compile(r"^[+−-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
# Spaces inside an inline formula: the reader's line wrapping never breaks "z = xW + b" apart.
NO_BREAK_SPACE = "\u00a0"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


@dataclass(frozen=True)
class NumberRef:
    """One `{{ EXPR = NUMBER }}`; `expr_column` is where EXPR starts on its line (0-based)."""

    expr: str
    number: str
    line: int
    column: int
    expr_column: int


@dataclass(frozen=True)
class MarkupIssue:
    line: int
    column: int
    message: str


@dataclass
class Rendered:
    markdown: str
    issues: list[MarkupIssue] = field(default_factory=list)
    numbers: list[NumberRef] = field(default_factory=list)


def _code_span_end(text: str, start: int) -> int:
    """Index just past the code span starting at `start` (a run of backticks), or len(text)."""
    run = len(text[start:]) - len(text[start:].lstrip("`"))
    close = text.find("`" * run, start + run)
    return len(text) if close < 0 else close + run


def _substitute_numbers(line: str, number: int, out: Rendered) -> tuple[str, list[int]]:
    """Replace each `{{ EXPR = NUMBER }}` by NUMBER outside code spans.

    Returns the new text and, for each of its characters, the column it came from, so a math
    error found later still points into the original line.
    """
    result: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(line):
        if line[i] == "`":
            end = _code_span_end(line, i)
            result.append(line[i:end])
            origin.extend(range(i, end))
            i = end
            continue
        if line.startswith("{{", i):
            close = line.find("}}", i + 2)
            if close < 0:
                out.issues.append(MarkupIssue(number, i, "'{{' is never closed by '}}' on this line"))
                result.append(line[i:])
                origin.extend(range(i, len(line)))
                break
            shown = _parse_number_span(line, i, close, number, out)
            result.append(shown)
            origin.extend([i] * len(shown))
            i = close + 2
            continue
        result.append(line[i])
        origin.append(i)
        i += 1
    origin.append(len(line))  # the position just past the end
    return "".join(result), origin


def _parse_number_span(line: str, start: int, close: int, number: int, out: Rendered) -> str:
    inner = line[start + 2 : close]
    equals = inner.rfind("=")
    if equals < 0:
        out.issues.append(MarkupIssue(number, start, "a checked number is written {{ EXPRESSION = NUMBER }}"))
        return inner.strip()
    expr = inner[:equals].strip()
    shown = inner[equals + 1 :].strip()
    if not NUMBER_TEXT.match(shown):
        column = start + 2 + equals + 1 + (len(inner[equals + 1 :]) - len(inner[equals + 1 :].lstrip()))
        out.issues.append(MarkupIssue(number, column, f"'{shown}' after '=' is not a number"))
        return shown
    if not expr:
        out.issues.append(MarkupIssue(number, start, "the expression before '=' is empty"))
        return shown
    expr_column = start + 2 + (len(inner) - len(inner.lstrip()))
    out.numbers.append(NumberRef(expr, shown, number, start, expr_column))
    # Shown with a true minus sign, as the rendered math around it writes negatives.
    return "−" + shown[1:] if shown.startswith("-") else shown


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _render_inline(line: str, origin: list[int], number: int, out: Rendered) -> str:
    """Render every `$...$` of one line (numbers already substituted)."""
    result: list[str] = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "`":
            end = _code_span_end(line, i)
            result.append(line[i:end])
            i = end
            continue
        if ch == "\\" and i + 1 < len(line) and line[i + 1] == "$":
            result.append("\\$")
            i += 2
            continue
        if ch == "$":
            close = i + 1
            while close < len(line) and not (line[close] == "$" and line[close - 1] != "\\"):
                close += 1
            if close >= len(line):
                out.issues.append(
                    MarkupIssue(
                        number,
                        origin[i],
                        "inline math opened with '$' is never closed on this line",
                    )
                )
                result.append(line[i:])
                break
            try:
                result.append(_escape(render_math(line[i + 1 : close])).replace(" ", NO_BREAK_SPACE))
            except LatexError as exc:
                out.issues.append(MarkupIssue(number, origin[i + 1 + exc.position], exc.message))
                result.append(line[i : close + 1])
            i = close + 1
            continue
        result.append(ch)
        i += 1
    return "".join(result)


def _render_display(parts: list[tuple[str, list[int], int]], out: Rendered) -> str:
    """Render display math gathered from several lines: (text, origin map, line number)."""
    source = "\n".join(text for text, _, _ in parts)
    try:
        rendered = render_math(source, display=True)
    except LatexError as exc:
        offset = exc.position
        for text, origin, number in parts:
            if offset <= len(text):
                out.issues.append(MarkupIssue(number, origin[offset], exc.message))
                break
            offset -= len(text) + 1
        return source
    return "```\n" + rendered + "\n```"


def render_markdown(text: str, first_line: int) -> Rendered:
    """Render lesson Markdown whose first line is line `first_line` of the file."""
    out = Rendered("")
    lines_out: list[str] = []
    fence: str | None = None
    math_parts: list[tuple[str, list[int], int]] | None = None
    for offset, raw in enumerate(text.split("\n")):
        number = first_line + offset
        stripped = raw.lstrip()
        if fence is not None:
            lines_out.append(raw)
            if stripped.startswith(fence):
                fence = None
            continue
        if math_parts is None and stripped[:3] in ("```", "~~~"):
            fence = stripped[:3]
            lines_out.append(raw)
            continue
        line, origin = _substitute_numbers(raw, number, out)
        if math_parts is not None:
            close = line.find("$$")
            if close < 0:
                math_parts.append((line, origin, number))
                continue
            math_parts.append((line[:close], origin, number))
            lines_out.append(_render_display(math_parts, out))
            math_parts = None
            rest = line[close + 2 :]
            if rest.strip():
                lines_out.append(_render_inline(rest, origin[close + 2 :], number, out))
            continue
        open_at = line.find("$$")
        if open_at >= 0 and not line[:open_at].strip():
            start = open_at + 2
            close = line.find("$$", start)
            if close < 0:
                math_parts = [(line[start:], origin[start:], number)]
                continue
            lines_out.append(_render_display([(line[start:close], origin[start:], number)], out))
            rest = line[close + 2 :]
            if rest.strip():
                lines_out.append(_render_inline(rest, origin[close + 2 :], number, out))
            continue
        lines_out.append(_render_inline(line, origin, number, out))
    if math_parts is not None:
        out.issues.append(
            MarkupIssue(math_parts[0][2], 0, "the display math opened here with '$$' is never closed")
        )
    out.markdown = "\n".join(lines_out)
    return out
