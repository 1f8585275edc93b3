"""Lesson Markdown: inline formulas are kept on one line with no-break spaces."""

from __future__ import annotations

from markdown_it import MarkdownIt

from bp_tutor.lessons.markdown import NO_BREAK_SPACE, render_markdown

NBSP = "\u00a0"


def test_no_break_space_is_u00a0() -> None:
    assert NO_BREAK_SPACE == NBSP


def test_spaces_inside_inline_math_do_not_break() -> None:
    out = render_markdown("Here $z = xW + b$ holds.", 1)
    assert out.markdown == f"Here z{NBSP}={NBSP}xW{NBSP}+{NBSP}b holds."
    assert out.issues == []


def test_spaces_outside_math_and_in_code_stay_ordinary() -> None:
    out = render_markdown("Write `a + b` for $a + b$, not a b.", 1)
    assert out.markdown == f"Write `a + b` for a{NBSP}+{NBSP}b, not a b."


def test_display_math_keeps_ordinary_spaces() -> None:
    out = render_markdown("$$\\frac{a}{b} + c$$", 1)
    assert out.markdown == "```\n a\n─── + c\n b\n```"


def test_a_fraction_inside_a_paragraph() -> None:
    out = render_markdown("so $\\delta = \\frac{1}{N}(a - y)$ here", 1)
    assert out.markdown == f"so δ{NBSP}={NBSP}(1/N)(a{NBSP}−{NBSP}y) here"


def test_checked_numbers_next_to_math_are_unaffected() -> None:
    out = render_markdown("With $N = 2$, {{ 1 / 2 = 0.5 }} and $a$.", 3)
    assert out.markdown == f"With N{NBSP}={NBSP}2, 0.5 and a."
    assert [(n.expr, n.number, n.line) for n in out.numbers] == [("1 / 2", "0.5", 3)]


def test_errors_still_point_into_the_source_line() -> None:
    out = render_markdown("ok $a + b$ then $x + \\foo$", 7)
    assert [(i.line, i.column, i.message) for i in out.issues] == [(7, 21, "unknown command \\foo")]


def _inline_texts(markdown: str) -> list[str]:
    tokens = MarkdownIt("gfm-like").parse(markdown)
    return [
        child.content
        for token in tokens
        if token.type == "inline" and token.children
        for child in token.children
        if child.type == "text"
    ]


def test_the_markdown_parser_keeps_the_formula_whole() -> None:
    # The interface's Markdown widget parses with markdown-it ("gfm-like").
    out = render_markdown("**Output:** $\\delta = a - y$ *always*.\n\n- $\\ln x$ item", 1)
    texts = _inline_texts(out.markdown)
    assert f"δ{NBSP}={NBSP}a{NBSP}−{NBSP}y" in "".join(texts)
    assert f"ln{NBSP}x item" in texts
    tokens = MarkdownIt("gfm-like").parse(out.markdown)
    kinds = [child.type for t in tokens if t.children for child in t.children]
    assert kinds.count("strong_open") == 1 and kinds.count("em_open") == 1
    assert any(t.type == "bullet_list_open" for t in tokens)


def test_formula_at_the_end_of_a_line_keeps_no_trailing_space() -> None:
    out = render_markdown("ends with $a + b$\nnext line", 1)
    assert out.markdown == f"ends with a{NBSP}+{NBSP}b\nnext line"
