"""Block helpers: display math, reveal parsing, plot range and curves, the registry."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Markdown, Static

from bp_tutor.ui.widgets.blocks import BLOCK_WIDGETS, BlockContext, widget_for_block
from bp_tutor.ui.widgets.plot_block import curves, parse_range
from bp_tutor.ui.widgets.prose import split_display_math
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


# -- block bodies: the quiz's introducing sentence and the captions are shown as lesson prose --


@dataclass(frozen=True)
class _Block:
    type: str
    attrs: dict[str, object] = field(default_factory=dict)
    body: str = ""
    line: int = 1


class _Host(App[None]):
    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


def _markdown_text(widget: Widget) -> str:
    """The source of every Markdown widget inside `widget`, in order."""
    return "\n".join(md.source for md in widget.query(Markdown))


CONTEXT = BlockContext(lesson_id="derivatives", lang="en")


async def test_quiz_body_is_shown_above_the_question() -> None:
    block = _Block("quiz", {"kind": "derivative_at_point", "seed": "1"},
                   "Use the **rules** above; no limits needed.\n")
    widget = widget_for_block(block, CONTEXT)
    async with _Host(widget).run_test(size=(100, 40)):
        intro = widget.query_one(".quiz-intro")
        prompt = widget.query_one(".quiz-prompt", Static)
        assert "Use the **rules** above" in _markdown_text(intro)
        assert intro.region.y < prompt.region.y
        # Markdown, not raw text: the asterisks are not on screen.
        assert "**" not in str(intro.query_one(Markdown).query_one(Static).render())


async def test_quiz_without_a_body_has_no_intro() -> None:
    widget = widget_for_block(_Block("quiz", {"kind": "sgd_update", "seed": "3"}), CONTEXT)
    async with _Host(widget).run_test(size=(100, 40)):
        assert not widget.query(".quiz-intro")


@pytest.mark.parametrize(
    ("block_type", "attrs"),
    [("plot", {"f": "tanh"}), ("network", {"preset": "neuron", "show": "z1,a1"}),
     ("lab", {"preset": "neuron"})],
)
async def test_captions_are_lesson_markdown(block_type: str, attrs: dict[str, object]) -> None:
    caption = "The *slope* is **largest** at 0, where σ′(0) = 0.25."
    widget = widget_for_block(_Block(block_type, attrs, caption + "\n"), CONTEXT)
    async with _Host(widget).run_test(size=(100, 40)):
        assert _markdown_text(widget) == caption
        shown = " ".join(str(s.render()) for s in widget.query(Markdown).first().query(Static))
        assert "largest" in shown and "**" not in shown and "*slope*" not in shown
