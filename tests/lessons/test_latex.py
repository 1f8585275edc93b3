"""The LaTeX renderer against renderings written out by hand."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from bp_tutor.lessons.latex import LatexError, render_math


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        (r"x_j", "xⱼ"),
        (r"W^{2}", "W²"),
        (r"a^{L-1}", "aᴸ⁻¹"),
        (r"e^{x}", "eˣ"),
        (r"x_j^2", "xⱼ²"),
        (r"W^\top", "Wᵀ"),
        (r"\sigma'(z)", "σ′(z)"),
        (r"f^\prime", "f′"),
        (r"x_{(i)}", "x_(i)"),
        (r"y^{q}", "y^q"),  # no superscript q exists
        (r"W_{i,j}", "W_(i,j)"),
        (r"\hat{y}", "ŷ"),
        (r"\bar{x}", "x̄"),
        (r"\mathbf{x}^\top \mathbf{w}", "xᵀw"),
        (r"\delta^{l} \odot \sigma'(z^{l})", "δˡ ⊙ σ′(zˡ)"),
        (r"a \cdot b \times c", "a · b × c"),
        (r"-x + 3", "−x + 3"),
        (r"a \approx b \le c \ge d \ne e \to f \in g", "a ≈ b ≤ c ≥ d ≠ e → f ∈ g"),
        (r"\ln x + \exp(x) + \log y", "ln x + exp(x) + log y"),
        (r"\max(0, z)", "max(0, z)"),
        (r"\text{if } x > 0", "if x > 0"),
        (r"\operatorname{softmax}(z)_i", "softmax(z)ᵢ"),
        (r"\sum_{k} a_k", "Σₖ aₖ"),
        (r"L = -\sum_k y_k \ln a_k", "L = −Σₖ yₖ ln aₖ"),
        (r"\prod_{i=1}^{n} x_i", "Πᵢ₌₁ⁿ xᵢ"),
        (r"\sqrt{x}", "√x"),
        (r"\sqrt{x+1}", "√(x + 1)"),
        (r"\frac{a}{b}", "a/b"),
        (r"\frac{\partial L}{\partial w_j}", "∂L/∂wⱼ"),
        (r"\frac{1}{1+e^{-z}}", "1/(1 + e⁻ᶻ)"),
        (r"\frac{a+b}{2}", "(a + b)/2"),
        (r"\left( x + 1 \right)^2", "(x + 1)²"),
        (r"a\,b\;c\quad d", "a b c  d"),
        (r"\alpha\beta\Gamma\eta\partial\nabla\infty", "αβΓη∂∇∞"),
        (r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", "[1  2; 3  4]"),
    ],
)
def test_inline(src: str, expected: str) -> None:
    assert render_math(src) == expected


def test_display_fraction_is_stacked_and_aligned_with_the_line() -> None:
    got = render_math(r"\sigma(z) = \frac{1}{1+e^{-z}}", display=True)
    assert got == "\n".join(
        [
            "           1",
            "σ(z) = ─────────",
            "        1 + e⁻ᶻ",
        ]
    )


def test_display_nested_fraction() -> None:
    got = render_math(r"\frac{\frac{1}{2}}{3} + 1", display=True)
    assert got == "\n".join(
        [
            "  1",
            " ───",
            "  2",
            "───── + 1",
            "  3",
        ]
    )


def test_display_sum_has_limits_above_and_below() -> None:
    got = render_math(r"\sum_{k=1}^{n} a_k", display=True)
    assert got == "\n".join([" n", " Σ aₖ", "k=1"])


def test_display_matrix_right_aligns_numbers_in_columns() -> None:
    got = render_math(r"W = \begin{bmatrix} 0.2 & -0.1 \\ 10.5 & 3 \end{bmatrix}", display=True)
    assert got == "\n".join(
        [
            "W = ⎡  0.2  −0.1 ⎤",
            "    ⎣ 10.5     3 ⎦",
        ]
    )


def test_display_three_row_pmatrix_centres_the_line_on_the_middle_row() -> None:
    got = render_math(r"x = \begin{pmatrix} 1 \\ 22 \\ 3 \end{pmatrix}", display=True)
    assert got == "\n".join(
        [
            "    ⎛  1 ⎞",
            "x = ⎜ 22 ⎟",
            "    ⎝  3 ⎠",
        ]
    )


def test_display_tall_parentheses_around_a_fraction() -> None:
    got = render_math(r"\left(\frac{a}{b}\right)^2", display=True)
    assert got == "\n".join(["⎛ a ⎞²", "⎜───⎟", "⎝ b ⎠"])


def test_matrix_columns_align_with_chinese_text_by_terminal_cells() -> None:
    got = render_math(r"\begin{bmatrix} \text{权重} & 1 \\ w & 22 \end{bmatrix}", display=True)
    rows = got.split("\n")
    # Every row is the same number of terminal cells wide, so the right bracket lines up.
    assert [cell_len(r) for r in rows] == [cell_len(rows[0])] * 2
    assert rows == ["⎡ 权重   1 ⎤", "⎣  w    22 ⎦"]


def test_display_single_line_matches_inline() -> None:
    assert render_math(r"a^2 + b^2", display=True) == "a² + b²"


@pytest.mark.parametrize(
    ("src", "message", "position"),
    [
        (r"x + \foo{y}", r"unknown command \foo", 4),
        (r"\frac{a}", r"\frac needs a denominator", 8),
        (r"{x", "'{' is never closed", 0),
        (r"x}", "'}' closes nothing", 1),
        (r"a & b", "'&' is only allowed inside a matrix", 2),
        (r"\left( x", r"\left has no matching \right", 0),
        (r"\begin{foo} x \end{foo}", "unknown environment 'foo'", 0),
        (r"x^2^3", "double superscript: group them as x^{ab}", 3),
    ],
)
def test_errors_say_what_and_where(src: str, message: str, position: int) -> None:
    with pytest.raises(LatexError) as info:
        render_math(src)
    assert info.value.message == message
    assert info.value.position == position
    assert isinstance(info.value, ValueError)


def test_display_cases_sit_behind_a_tall_brace() -> None:
    got = render_math(r"\begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}", display=True)
    assert got == "⎧ 1   x > 0\n⎩ 0   otherwise"


def test_display_aligned_lines_up_the_relations() -> None:
    got = render_math(r"\begin{aligned} a &= b + c \\ &= d \end{aligned}", display=True)
    assert got == "a = b + c\n  = d"
