"""A line break in Chinese lesson prose shows as nothing, not as a space; English keeps its spaces."""

from __future__ import annotations

import re

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets._markdown import MarkdownBlock

from bp_tutor.lessons.loader import load_lesson
from bp_tutor.lessons.model import Prose
from bp_tutor.paths import lessons_dir
from bp_tutor.ui.widgets.prose import ProseView

# Full-width and CJK punctuation; none of it is ever followed by a space in Chinese text.
CJK_PUNCTUATION_THEN_SPACE = re.compile(r"[\u3000-\u303f\uff00-\uffef] ")
CJK_SPACE_CJK = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


class _Prose(App[None]):
    def __init__(self, texts: list[str]) -> None:
        super().__init__()
        self.texts = texts

    def compose(self) -> ComposeResult:
        for text in self.texts:
            yield ProseView(text)


async def _shown(texts: list[str]) -> list[Content]:
    """What the Markdown widgets show for `texts`: one Content per paragraph, heading, item..."""
    app = _Prose(texts)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        return [block._content for block in app.query(MarkdownBlock) if block._content.plain]


def _prose_of(lang: str, file_name: str) -> list[str]:
    lesson = load_lesson(lessons_dir() / lang / file_name, lang)
    assert lesson.error is None, lesson.error
    return [s.markdown for step in lesson.steps for s in step.segments if isinstance(s, Prose)]


@pytest.mark.parametrize(
    ("file_name", "phrase"),
    [
        ("01-derivatives.md", "同一个问题：把某个权重"),
        ("01-derivatives.md", "变化有多快？这个问题"),  # after the closing `*` of an emphasis
        ("01-derivatives.md", "差商等于 6.0100。h 取得越小"),  # a checked number, then a formula
        ("06-cross-entropy.md", "率？交叉熵损失"),  # before the opening `**` of bold text
        ("06-cross-entropy.md", "雅可比矩阵。合并后的梯度"),  # inside a list item
    ],
)
async def test_line_breaks_in_the_chinese_lessons_leave_no_space(file_name: str, phrase: str) -> None:
    shown = " / ".join(content.plain for content in await _shown(_prose_of("zh", file_name)))
    assert phrase in shown


async def test_no_chinese_lesson_shows_a_space_after_chinese_punctuation() -> None:
    for path in sorted((lessons_dir() / "zh").glob("*.md")):
        for content in await _shown(_prose_of("zh", path.name)):
            text = content.plain
            assert not CJK_PUNCTUATION_THEN_SPACE.search(text), (path.name, text)
            assert not CJK_SPACE_CJK.search(text), (path.name, text)


async def test_emphasis_closed_by_full_width_punctuation_stays_emphasis() -> None:
    # Joining the source lines instead would leave "？*这个": CommonMark then no longer sees that
    # `*` as closing, and the reader gets literal asterisks and no italics.
    [content] = await _shown(["同一个问题：\n*把权重调大一点，损失变化有多快？*\n这个问题的答案就是导数。"])
    assert content.plain == "同一个问题：把权重调大一点，损失变化有多快？这个问题的答案就是导数。"
    emphasis = [content.plain[span.start : span.end] for span in content.spans if span.style == ".em"]
    assert emphasis == ["把权重调大一点，损失变化有多快？"]


async def test_english_lines_still_join_with_a_space() -> None:
    shown = " / ".join(content.plain for content in await _shown(_prose_of("en", "01-derivatives.md")))
    assert "nudge this weight a little, does the loss" in shown
    assert "how fast? The answer to that question is a derivative." in shown


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Chinese, then a Latin word on the next line: no space unless written on the same line.
        ("对输出的梯度是\nsoftmax 的输入。", "对输出的梯度是 softmax 的输入。"),
        ("对输出的梯度是 softmax\n的输入。", "对输出的梯度是 softmax 的输入。"),
        # A Latin word, then Chinese on the next line: the line break is a space, as the author
        # writes one there on a single line.
        ("梯度经过 softmax\n再传回来。", "梯度经过 softmax 再传回来。"),
        # Shared punctuation counts as Chinese after Chinese, as English after English.
        ("叫它“兑换率”\n更好记。", "叫它“兑换率”更好记。"),
        ("call it “rate”\nfor short", "call it “rate” for short"),
    ],
)
async def test_which_line_breaks_join(source: str, expected: str) -> None:
    [content] = await _shown([source])
    assert content.plain == expected


async def test_list_items_and_code_are_not_joined() -> None:
    shown = await _shown(["- 第一项，\n- 第二项。\n\n```\n代码，\n代码\n```"])
    assert [content.plain for content in shown] == ["第一项，", "第二项。", "代码，\n代码"]
