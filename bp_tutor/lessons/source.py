"""Split a lesson file into its header, steps, prose and blocks, remembering every line number.

Nothing is rendered here; `markdown.py` turns the raw prose into what the reader sees. Structural
mistakes (no header, an unclosed block, a malformed `key=value`) are collected as problems instead
of raised, so one pass reports all of them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

BLOCK_OPEN = re.compile(r"^:::\s*(\S.*?)\s*$")
BLOCK_CLOSE = ":::"
STEP_BREAK = "---"
HEADER_FENCE = "+++"
_TOML_LOCATION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_HEADER_KEY = re.compile(r"^\s*([A-Za-z0-9_\"'-]+)\s*=")
_ATTR = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)=(\S+)$")


@dataclass(frozen=True)
class SourceIssue:
    """A problem at a 1-based `line`, with an optional 0-based `column` for a caret."""

    line: int
    message: str
    column: int | None = None


@dataclass
class RawProse:
    text: str
    line: int  # line of the first line of `text`


@dataclass
class RawBlock:
    type: str
    attrs: dict[str, str]
    attr_columns: dict[str, int]
    body: str
    line: int  # the opening ':::' line
    closed: bool = True

    @property
    def body_line(self) -> int:
        return self.line + 1

    def signature(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """What must match between translations: the type and every key=value."""
        return self.type, tuple(sorted(self.attrs.items()))


RawSegment = RawProse | RawBlock


@dataclass
class ParsedSource:
    lines: list[str]
    header: dict[str, Any] | None = None
    header_lines: dict[str, int] = field(default_factory=dict)
    header_line: int = 1
    steps: list[list[RawSegment]] = field(default_factory=list)
    issues: list[SourceIssue] = field(default_factory=list)

    @property
    def blocks(self) -> list[RawBlock]:
        return [seg for step in self.steps for seg in step if isinstance(seg, RawBlock)]


def parse_source(text: str) -> ParsedSource:
    lines = text.removeprefix("\ufeff").splitlines()
    parsed = ParsedSource(lines=lines)
    body_start = _parse_header(lines, parsed)
    if body_start is not None:
        _parse_body(lines, body_start, parsed)
    return parsed


def _parse_header(lines: list[str], parsed: ParsedSource) -> int | None:
    """Read the TOML front matter; return the index of the first body line."""
    if not lines or lines[0].strip() != HEADER_FENCE:
        parsed.issues.append(SourceIssue(1, "a lesson starts with a '+++' line that opens its TOML header"))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == HEADER_FENCE)
    except StopIteration:
        parsed.issues.append(SourceIssue(1, "the header opened here is never closed by a '+++' line"))
        return None
    header_text = "\n".join(lines[1:end])
    try:
        parsed.header = tomllib.loads(header_text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _TOML_LOCATION.search(message)
        if where:
            line = int(where[1]) + 1  # the header's first line is the file's second
            column = int(where[2]) - 1
            message = message[: where.start()]
            parsed.issues.append(SourceIssue(line, f"header: {message}", column))
        else:
            parsed.issues.append(SourceIssue(1, f"header: {message}"))
    for i in range(1, end):
        match = _HEADER_KEY.match(lines[i])
        if match:
            parsed.header_lines.setdefault(match[1].strip("\"'"), i + 1)
    return end + 1


def _fence_marker(line: str) -> str | None:
    stripped = line.lstrip()
    for marker in ("```", "~~~"):
        if stripped.startswith(marker):
            return marker
    return None


class _BodyReader:
    def __init__(self, parsed: ParsedSource) -> None:
        self.parsed = parsed
        self.step: list[RawSegment] = []
        self.prose: list[str] = []
        self.prose_line = 0
        self.block: RawBlock | None = None
        self.block_lines: list[str] = []

    def flush_prose(self) -> None:
        # Trim blank lines at either end, keeping the line number of the first kept line.
        while self.prose and not self.prose[0].strip():
            self.prose.pop(0)
            self.prose_line += 1
        while self.prose and not self.prose[-1].strip():
            self.prose.pop()
        if self.prose:
            self.step.append(RawProse("\n".join(self.prose), self.prose_line))
        self.prose = []

    def add_prose(self, line: str, number: int) -> None:
        if not self.prose:
            self.prose_line = number
        self.prose.append(line)

    def end_step(self) -> None:
        self.flush_prose()
        if self.step:  # a stray '---' at the start or end does not make an empty step
            self.parsed.steps.append(self.step)
        self.step = []

    def open_block(self, line: str, number: int, spec: str) -> None:
        self.flush_prose()
        offset = line.index(spec)
        words = [(m.group(), m.start() + offset) for m in re.finditer(r"\S+", spec)]
        block_type = words[0][0]
        attrs: dict[str, str] = {}
        columns: dict[str, int] = {}
        for word, column in words[1:]:
            match = _ATTR.match(word)
            if match is None:
                self.parsed.issues.append(
                    SourceIssue(number, f"expected key=value in the block line, got '{word}'", column)
                )
                continue
            key, value = match[1], match[2]
            if key in attrs:
                self.parsed.issues.append(SourceIssue(number, f"key '{key}' is given twice", column))
                continue
            attrs[key] = value
            columns[key] = column
        self.block = RawBlock(block_type, attrs, columns, "", number)
        self.block_lines = []

    def close_block(self) -> None:
        assert self.block is not None
        while self.block_lines and not self.block_lines[-1].strip():
            self.block_lines.pop()
        self.block.body = "\n".join(self.block_lines)
        self.step.append(self.block)
        self.block = None


def _parse_body(lines: list[str], start: int, parsed: ParsedSource) -> None:
    reader = _BodyReader(parsed)
    fence: str | None = None
    fence_line = 0
    in_math = False
    math_line = 0
    for index in range(start, len(lines)):
        line = lines[index]
        number = index + 1
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
        elif (marker := _fence_marker(line)) is not None:
            fence, fence_line = marker, number
        elif in_math:
            if "$$" in line:
                in_math = False
        elif line.count("$$") % 2 == 1:
            in_math, math_line = True, number
        elif reader.block is not None:
            if stripped == BLOCK_CLOSE:
                reader.close_block()
                continue
            if BLOCK_OPEN.match(stripped):
                parsed.issues.append(
                    SourceIssue(
                        number,
                        "a block cannot start inside another: close the"
                        f" '{reader.block.type}' block opened on line"
                        f" {reader.block.line} with ':::' first",
                    )
                )
                continue
        else:
            if stripped == STEP_BREAK:
                reader.end_step()
                continue
            if stripped == BLOCK_CLOSE:
                parsed.issues.append(SourceIssue(number, "':::' here closes no block"))
                continue
            match = BLOCK_OPEN.match(line)
            if match and line.startswith(":::"):
                reader.open_block(line, number, match[1])
                continue
        if reader.block is not None:
            reader.block_lines.append(line)
        else:
            reader.add_prose(line, number)
    if fence is not None:
        parsed.issues.append(
            SourceIssue(fence_line, f"the code block opened here with {fence} is never closed")
        )
    if in_math:
        parsed.issues.append(SourceIssue(math_line, "the display math opened here with '$$' is never closed"))
    if reader.block is not None:
        block = reader.block
        parsed.issues.append(
            SourceIssue(
                block.line,
                f"the '{block.type}' block opened here is never closed (end it with a line ':::')",
            )
        )
        block.closed = False
        reader.close_block()
    reader.end_step()
