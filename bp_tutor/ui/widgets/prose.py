"""Lesson prose: Markdown for text, a fixed (non-reflowing) block for display math.

Display math arrives from the loader already drawn in Unicode over several lines (stacked
fractions, bracketed matrices). Markdown would join those lines into one paragraph and wrap them,
which scrambles the drawing, so a fenced block marked `math` is taken out and shown verbatim.
Other fenced code stays in the Markdown widget, which does not reflow code either.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Markdown, Static

from bp_tutor.ui import markdown_nbsp

# Here, not at start-up: importing Textual's Markdown costs 20 ms the home screen does not need.
markdown_nbsp.install()

_MATH_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*math\s*$")
# CJK ideographs, kana, CJK punctuation (。、「」 …) and full-width forms (，：？！（） …).
_CJK = re.compile(
    r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
# CJK punctuation (。、「」) and full-width forms (，：？！（）): never followed by a space.
_CJK_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
# Punctuation that Chinese and English text share: it counts as Chinese next to a Chinese character.
_SHARED_PUNCTUATION = "“”‘’…·—"
# Inline tokens that only open or close a style: a line break is judged by the text around them.
_STYLE_TOKENS = frozenset(
    {"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close", "link_open", "link_close"}
)


def _is_chinese_end(text: str) -> bool:
    """Whether `text` ends in Chinese: a CJK character or punctuation, possibly followed by
    punctuation shared with English (“兑换率” ends in Chinese, "rate”" does not)."""
    core = text.rstrip(_SHARED_PUNCTUATION)
    if not core:
        return False
    return bool(_CJK.match(core[-1]))


def _joins_without_space(before: str, after: str) -> bool:
    """Whether a line break between `before` and `after` is no space at all: after Chinese
    punctuation always, and between two Chinese characters. Between a Chinese character and a
    Latin word or number it stays a space ("偏置 b = 0.1"), as the lessons write it on one line."""
    if not _is_chinese_end(before):
        return False
    last = before.rstrip(_SHARED_PUNCTUATION)[-1]
    if _CJK_PUNCTUATION.match(last) or last != before[-1]:
        return True
    return bool(_CJK.match(after[0])) or after[0] in _SHARED_PUNCTUATION


def _neighbour_text(children: list[Token], start: int, step: int) -> str | None:
    """The text next to a soft break: the nearest text or code before it (`step` -1) or after it
    (+1), looking through style markers such as `*`; None if another break or an image comes first."""
    i = start + step
    while 0 <= i < len(children):
        child = children[i]
        if child.type in ("text", "code_inline") and child.content:
            return child.content
        if child.type not in _STYLE_TOKENS and not (child.type == "text" and not child.content):
            return None
        i += step
    return None


def _join_cjk_soft_breaks(state: StateCore) -> None:
    """Drop the space a soft line break would leave after Chinese text.

    Markdown turns a line break inside a paragraph into a space. Chinese has no spaces between
    words, so a lesson author who wraps a long line would get stray spaces ("同一个问题： 把某个权重",
    "等于 6.0100。 h 取得越小") and the paragraph could wrap only there. A break after
    full-width punctuation, or between two Chinese characters, therefore becomes nothing; between
    a Chinese character and a Latin word it stays a space. English text keeps its spaces.
    This runs on the parsed tokens, after emphasis has been matched: joining the source lines
    instead would glue "？*" to the next character, and CommonMark then no longer sees the `*`
    as closing the emphasis.
    """
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = block.children
        for index, child in enumerate(children):
            if child.type != "softbreak":
                continue
            before = _neighbour_text(children, index, -1)
            after = _neighbour_text(children, index, 1)
            if before is not None and after is not None and _joins_without_space(before, after):
                child.type, child.content = "text", ""


def lesson_markdown_parser() -> MarkdownIt:
    """Textual's default Markdown parser ("gfm-like") with Chinese line breaks joined."""
    parser = MarkdownIt("gfm-like")
    parser.core.ruler.push("join_cjk_soft_breaks", _join_cjk_soft_breaks)
    return parser


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
        for kind, text in split_display_math(self.source):
            if kind == "math":
                yield DisplayMath(text)
            else:
                yield Markdown(text, parser_factory=lesson_markdown_parser)
