"""Lesson prose: Markdown for text, a fixed (non-reflowing) block for display math.

Display math arrives from the loader already drawn in Unicode over several lines (stacked
fractions, bracketed matrices). Markdown would join those lines into one paragraph and wrap them,
which scrambles the drawing, so a fenced block marked `math` is taken out and shown verbatim.
Other fenced code stays in the Markdown widget, which does not reflow code either.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Markdown, Static

from bp_tutor.ui import markdown_nbsp

# Here, not at start-up: importing Textual's Markdown costs 20 ms the home screen does not need.
markdown_nbsp.install()

_MATH_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*math\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# CJK ideographs, their punctuation and full-width forms.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def join_cjk_soft_breaks(markdown: str) -> str:
    """Join source lines broken between two Chinese characters, outside code fences.

    Markdown turns a soft line break into a space. Chinese has no spaces between words, so that
    space becomes the only place the paragraph may wrap, and lines end ragged in mid-sentence.
    Joining the lines without a space leaves the wrapping to the terminal width, as intended.
    """
    lines = markdown.split("\n")
    joined: list[str] = []
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            joined.append(line)
            continue
        previous = joined[-1] if joined else ""
        if (
            not in_fence
            and previous
            and line
            and _CJK.match(line[0])
            and _CJK.match(previous[-1])
            and not _FENCE.match(previous)
        ):
            joined[-1] = previous + line
        else:
            joined.append(line)
    return "\n".join(joined)


def split_display_math(markdown: str) -> list[tuple[str, str]]:
    """Split Markdown into ("markdown", text) and ("math", text) pieces, in order.

    A math piece is the inside of a fence whose info string is `math`; an unclosed fence runs to
    the end (the lesson checker reports it; the reader still sees the text).
    """
    pieces: list[tuple[str, str]] = []
    prose: list[str] = []
    math: list[str] | None = None
    fence = ""
    for line in markdown.splitlines():
        if math is None:
            opened = _MATH_FENCE.match(line.strip())
            if opened:
                if prose:
                    pieces.append(("markdown", "\n".join(prose)))
                    prose = []
                math, fence = [], opened.group("fence")
            else:
                prose.append(line)
        elif line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
            pieces.append(("math", "\n".join(math)))
            math = None
        else:
            math.append(line)
    if math is not None:
        pieces.append(("math", "\n".join(math)))
    if prose and any(line.strip() for line in prose):
        pieces.append(("markdown", "\n".join(prose)))
    return pieces


class DisplayMath(Static):
    """A display formula, drawn exactly as given: never wrapped, scrolled sideways if too wide."""

    DEFAULT_CSS = """
    DisplayMath {
        width: auto;
        max-width: 100%;
        height: auto;
        padding: 0 2;
        margin: 0 0 1 0;
        overflow-x: auto;
    }
    """

    def __init__(self, formula: str) -> None:
        super().__init__(Text(formula, no_wrap=True, overflow="ignore"), shrink=False)


class ProseView(Vertical):
    """One prose segment of a step."""

    DEFAULT_CSS = """
    ProseView {
        height: auto;
    }
    ProseView > Markdown {
        margin: 0;
        padding: 0 1;
    }
    """

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.source = markdown

    def compose(self) -> ComposeResult:
        for kind, text in split_display_math(join_cjk_soft_breaks(self.source)):
            if kind == "math":
                yield DisplayMath(text)
            else:
                yield Markdown(text)
