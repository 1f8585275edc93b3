"""One lesson file read and rendered, with every problem the file shows on its own.

The loader and the folder checker share this: the loader keeps the rendered lesson and the first
problem, the checker keeps all problems and goes on to the checks that need other files.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bp_tutor.lessons import schema
from bp_tutor.lessons.markdown import NumberRef, render_markdown
from bp_tutor.lessons.model import Block, Prose, Segment, Step
from bp_tutor.lessons.problems import Problem
from bp_tutor.lessons.source import ParsedSource, RawBlock, RawProse, parse_source


@dataclass
class LessonAnalysis:
    path: Path
    parsed: ParsedSource
    steps: list[Step] = field(default_factory=list)
    numbers: list[NumberRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def header(self) -> dict[str, Any]:
        return self.parsed.header or {}

    def problem(self, line: int, message: str, column: int | None = None) -> Problem:
        source = None
        if column is not None and 1 <= line <= len(self.parsed.lines):
            source = self.parsed.lines[line - 1].expandtabs(1)
        return Problem(self.path, line, message, column, source)

    def add(self, line: int, message: str, column: int | None = None) -> None:
        self.problems.append(self.problem(line, message, column))

    def header_line(self, key: str | None) -> int:
        if key is not None and key in self.parsed.header_lines:
            return self.parsed.header_lines[key]
        return self.parsed.header_line

    def blocks(self) -> list[RawBlock]:
        return self.parsed.blocks


def analyse_lesson(path: Path, text: str, quiz_kinds: Collection[str] | None = None) -> LessonAnalysis:
    """Parse, check the header and blocks, and render the prose of one lesson.

    With `quiz_kinds` None the block values (quiz kind, plot function, ...) are not judged: the
    loader leaves that to `bp-tutor check`, which knows the quiz package's own list.
    """
    analysis = LessonAnalysis(path, parse_source(text))
    for issue in analysis.parsed.issues:
        analysis.add(issue.line, issue.message, issue.column)
    if analysis.parsed.header is not None:
        for field_issue in schema.check_header(analysis.parsed.header):
            analysis.add(analysis.header_line(field_issue.key), field_issue.message)
    for raw_step in analysis.parsed.steps:
        segments: list[Segment] = []
        for raw in raw_step:
            segments.append(_render_segment(raw, analysis, quiz_kinds))
        analysis.steps.append(Step(tuple(segments)))
    analysis.problems.sort(key=lambda p: p.line)
    return analysis


def _render_segment(
    raw: RawProse | RawBlock, analysis: LessonAnalysis, quiz_kinds: Collection[str] | None
) -> Segment:
    if isinstance(raw, RawProse):
        rendered = render_markdown(raw.text, raw.line)
    else:
        _check_block(raw, analysis, quiz_kinds)
        body = schema.normalise_reveal_body(raw.body) if raw.type == "reveal" else raw.body
        rendered = render_markdown(body, raw.body_line)
    for issue in rendered.issues:
        analysis.add(issue.line, issue.message, issue.column)
    analysis.numbers.extend(rendered.numbers)
    if isinstance(raw, RawProse):
        return Prose(rendered.markdown, raw.line)
    return Block(raw.type, dict(raw.attrs), rendered.markdown, raw.line)


def _check_block(block: RawBlock, analysis: LessonAnalysis, quiz_kinds: Collection[str] | None) -> None:
    issues = schema.check_block_keys(block.type, block.attrs)
    if not issues and quiz_kinds is not None:
        issues = schema.check_block_values(block.type, block.attrs, block.body, quiz_kinds)
    for issue in issues:
        column = block.attr_columns.get(issue.key) if issue.key is not None else None
        if column is None and issue.key is None and block.type not in schema.BLOCK_SPECS:
            column = analysis.parsed.lines[block.line - 1].index(block.type)
        analysis.add(block.line, issue.message, column)
