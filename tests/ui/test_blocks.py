"""Block helpers: display math, reveal parsing, plot range and curves, the registry."""

from __future__ import annotations

import math

import pytest

from bp_tutor.ui.widgets.blocks import BLOCK_WIDGETS
from bp_tutor.ui.widgets.plot_block import curves, parse_range
from bp_tutor.ui.widgets.prose import join_cjk_soft_breaks, split_display_math
from bp_tutor.ui.widgets.reveal_block import split_question


def test_every_lesson_block_type_has_a_widget() -> None:
    assert set(BLOCK_WIDGETS) == {"quiz", "network", "plot", "reveal", "lab"}


def test_math_fences_are_taken_out_of_markdown() -> None:
    text = "Before\n\n```math\n 1\n───\n 2\n```\nAfter"
    assert split_display_math(text) == [
        ("markdown", "Before\n"),
        ("math", " 1\n───\n 2"),
        ("markdown", "After"),
    ]
    assert split_display_math("plain\n```\ncode\n```") == [("markdown", "plain\n```\ncode\n```")]


def test_reveal_splits_at_the_question_marks() -> None:
    assert split_question("Q?\n???\nA.") == ("Q?", "A.")
    assert split_question("Only a question") == ("Only a question", "")


@pytest.mark.parametrize(
    ("text", "expected"), [(None, (-6.0, 6.0)), ("-3..3", (-3.0, 3.0)), ("0..1.5", (0.0, 1.5))]
)
def test_plot_range(text: str | None, expected: tuple[float, float]) -> None:
    assert parse_range(text) == expected


@pytest.mark.parametrize("text", ["6..-6", "a..b", "-6-6", "3..3"])
def test_bad_plot_range_says_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError, match="range"):
        parse_range(text)


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_plotted_derivative_matches_finite_differences_of_the_plotted_function(
    name: str,
) -> None:
    xs, f, df = curves(name, (-4.0, 4.0))
    reference = {"sigmoid": lambda x: 1 / (1 + math.exp(-x)), "tanh": math.tanh}[name]
    h = 1e-5
    for x, fx, dfx in zip(xs, f, df, strict=True):
        assert fx == pytest.approx(reference(x), abs=1e-12)
        slope = (reference(x + h) - reference(x - h)) / (2 * h)
        assert dfx == pytest.approx(slope, abs=1e-8)


def test_chinese_soft_breaks_are_joined_but_not_english_or_code() -> None:
    text = "网络学习的过程，\n归根结底是调整。\nEnglish line\nnext line\n```\n代码，\n代码\n```"
    assert join_cjk_soft_breaks(text) == (
        "网络学习的过程，归根结底是调整。\nEnglish line\nnext line\n```\n代码，\n代码\n```"
    )
    assert join_cjk_soft_breaks("- 第一项\n- 第二项") == "- 第一项\n- 第二项"
