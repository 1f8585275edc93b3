"""What a loaded lesson is: a header and steps made of prose and interactive blocks.

Everything here is already rendered for the terminal: math is Unicode and `{{ EXPR = NUMBER }}`
shows as NUMBER, so the interface never sees LaTeX.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Block:
    """An interactive block (`::: TYPE key=value ...` up to `:::`).

    `body` is rendered Markdown like `Prose.markdown`; `line` is the 1-based line of the opening
    `:::` in the lesson file.
    """

    type: str
    attrs: Mapping[str, str]
    body: str
    line: int


@dataclass(frozen=True)
class Prose:
    """Markdown between blocks, with math rendered to Unicode.

    Inline math is part of the running text; display math becomes a fenced code block without a
    language so its rows (stacked fractions, matrices) keep their alignment.
    """

    markdown: str
    line: int


Segment = Prose | Block


@dataclass(frozen=True)
class Step:
    """What the reader sees at once; `---` on its own line starts the next step."""

    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Lesson:
    """One lesson file. When `error` is set ("file:line: message") the file could not be read and
    `steps` is empty; `id` then comes from the file name so the lesson can still be listed."""

    id: str
    title: str
    prerequisites: tuple[str, ...]
    objectives: tuple[str, ...]
    minutes: int
    lang: str
    path: Path
    steps: tuple[Step, ...]
    error: str | None = None
