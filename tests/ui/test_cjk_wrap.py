"""Chinese paragraphs wrap between characters, not only at spaces; nothing is ever lost."""

import pytest
import rich._wrap
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from bp_tutor.ui import cjk_wrap

PARAGRAPH = ("指数保证每一项都是正的；除以总和保证各项加起来等于 1。分数越大，分到的份额越大；"
             "又因为用了指数，稍微领先的分数就能拿到明显多于“公平份额”的概率。这就是 softmax 中 "
             "“soft” 的含义：它偏向最大值，但并不直接把最大值挑出来。")


def wrapped(text: str, width: int) -> list[str]:
    return [line.plain for line in Text(text).wrap(_console(), width)]


def _console():
    from rich.console import Console

    return Console(width=200)


@pytest.fixture(autouse=True)
def _restore_hook():
    """Leave Rich's word pattern as the test found it (the app installs ours process-wide)."""
    saved = rich._wrap.re_word
    yield
    rich._wrap.re_word = saved


def test_the_hook_is_where_rich_looks_for_it():
    # Rich's word splitter reads this module global at call time; if Rich moves it, fail here.
    assert isinstance(rich._wrap.re_word.pattern, str)
    assert "re_word" in rich._wrap.words.__code__.co_names


def test_chinese_lines_are_filled_to_the_width():
    cjk_wrap.install()
    lines = wrapped(PARAGRAPH, 40)
    assert "".join(lines).replace(" ", "") == PARAGRAPH.replace(" ", "")
    # every line but the last is nearly full (a CJK character is 2 cells, so at most 2 short,
    # plus room for a Latin word or closing punctuation kept with its neighbour)
    for line in lines[:-1]:
        assert cell_len(line.rstrip()) >= 34, line
    cjk_wrap.uninstall()
    without = wrapped(PARAGRAPH, 40)
    assert min(cell_len(line.rstrip()) for line in without[:-1]) < 30  # what it fixes


def test_punctuation_stays_with_its_neighbour_and_latin_words_stay_whole():
    cjk_wrap.install()
    for width in range(8, 40):
        lines = wrapped(PARAGRAPH, width)
        for line in lines:
            assert not line.startswith(tuple(cjk_wrap.CLOSING)), (width, line)
            assert not line.rstrip().endswith(tuple(cjk_wrap.OPENING)), (width, line)
        assert any("softmax" in line for line in lines), width


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 ，。（）“”中文字\n\t-\u00a0")), max_size=60))
def test_the_word_pattern_never_drops_text(text):
    # words() walks matches from the start: they must tile the text, leaving only trailing space
    position = 0
    for start, end, _ in _words(text):
        assert start == position
        position = end
    assert text[position:].strip() == ""


def _words(text):
    saved = rich._wrap.re_word
    rich._wrap.re_word = cjk_wrap.CJK_WORD
    try:
        return list(rich._wrap.words(text))
    finally:
        rich._wrap.re_word = saved


def test_no_break_spaces_keep_an_inline_formula_on_one_line():
    text = "前面的一些文字 z\u00a0=\u00a0xW\u00a0+\u00a0b 后面还有文字"
    cjk_wrap.install()
    for width in range(12, 30):
        lines = wrapped(text, width)
        assert sum("z\u00a0=\u00a0xW\u00a0+\u00a0b" in line for line in lines) == 1, (width, lines)


def test_a_product_in_a_chinese_sentence_is_not_broken_at_its_dot():
    """The term-slip feedback: '(−1)·(−0.455)' must stay whole, wherever the width falls."""
    cjk_wrap.install()
    sentence = "第 2 行第 2 列：其中一项 (−1)·(−0.455) = 0.455 被当成了 −0.455。"
    for width in range(20, 46):
        lines = wrapped(sentence, width)
        assert "".join(lines).replace(" ", "") == sentence.replace(" ", "")
        assert any("(−1)·(−0.455)" in line for line in lines), (width, lines)
    cjk_wrap.uninstall()
