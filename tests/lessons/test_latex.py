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


# ---------------------------------------------------------------------------------------------
# Fractions next to each other in display math each keep their own rule.


def test_display_adjacent_fractions_get_separate_rules() -> None:
    got = render_math(r"\frac{a}{b}\frac{c}{d}", display=True)
    assert got == "\n".join([" a   c", "─── ───", " b   d"])


def test_display_chain_rule_without_a_dot() -> None:
    got = render_math(r"\frac{\partial L}{\partial a}\frac{\partial a}{\partial z} = x", display=True)
    assert got == "\n".join(
        [
            " ∂L   ∂a",
            "──── ──── = x",
            " ∂a   ∂z",
        ]
    )


def test_display_unary_minus_stands_apart_from_the_rule() -> None:
    assert render_math(r"-\frac{1}{2}", display=True) == "\n".join(["   1", "− ───", "   2"])


def test_display_fractions_joined_by_an_operator_get_no_extra_gap() -> None:
    got = render_math(r"\frac{a}{b} \cdot \frac{c}{d}", display=True)
    assert got == "\n".join([" a     c", "─── · ───", " b     d"])


# ---------------------------------------------------------------------------------------------
# Inline fractions: bracketed when a factor stands next to them, and their parts when needed.


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        (r"\frac{1}{N}(a - y)", "(1/N)(a − y)"),
        (r"\delta = \frac{1}{N}(a - y) \odot a(1 - a)", "δ = (1/N)(a − y) ⊙ a(1 − a)"),
        (r"(a - y)\frac{1}{N}", "(a − y)(1/N)"),
        (r"2\frac{a}{b}", "2(a/b)"),
        (r"x \frac{a}{b}", "x(a/b)"),
        (r"\frac{a}{b} x", "(a/b)x"),
        (r"\frac{a}{b}\frac{c}{d}", "(a/b)(c/d)"),
        (r"\frac{\partial}{\partial o} \frac{1}{2}(t - o)^2", "(∂/∂o)(1/2)(t − o)²"),
        (r"\ln \frac{a}{b}", "ln(a/b)"),
        (r"\frac{d}{da} \ln a", "(d/da) ln a"),
        (r"\frac{1}{N} \sum_n L_n", "(1/N) Σₙ Lₙ"),
        (r"\frac{1}{2}\,(o - t)^2", "(1/2) (o − t)²"),
        (r"\frac{1}{N}\left(a - y\right)", "(1/N)(a − y)"),
        (r"\frac{a}{b}\sqrt{x}", "(a/b)√x"),
        (r"\frac{a}{b}^2", "(a/b)²"),
        # Operators, relations, punctuation, brackets and the ends separate enough.
        (r"\frac{a}{b} + c", "a/b + c"),
        (r"y = \frac{a}{b}", "y = a/b"),
        (r"(\frac{a}{b})", "(a/b)"),
        (r"-\frac{1}{x^2}", "−1/x²"),
        (r"\frac{a}{b}, c", "a/b, c"),
        (r"\frac{a}{b} \cdot c", "a/b · c"),
        (r"\frac{\partial L}{\partial w_j} = \delta \cdot x_j", "∂L/∂wⱼ = δ · xⱼ"),
    ],
)
def test_inline_fraction_beside_a_factor_is_bracketed(src: str, expected: str) -> None:
    assert render_math(src) == expected


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        (r"\frac{a+b}{c}", "(a + b)/c"),
        (r"\frac{1}{2N}", "1/(2N)"),
        (r"\frac{a}{bc}", "a/(bc)"),
        (r"\frac{2e}{1 + e}", "2e/(1 + e)"),  # a product on top reads the same either way
        (r"\frac{1}{\sigma(z)}", "1/(σ(z))"),
        (r"\frac{-1}{x}", "(−1)/x"),
        (r"\frac{\ln x}{x}", "(ln x)/x"),
        (r"\frac{u}{v^2}", "u/v²"),
        (r"\frac{1}{0.25}", "1/0.25"),
        (r"\frac{\infty}{\infty}", "∞/∞"),
        (r"\frac{dy}{dx}", "dy/dx"),  # a differential reads as one unit
        (r"\frac{\partial^2 L}{\partial w^2}", "∂²L/∂w²"),
        (r"\frac{\frac{1}{2}}{3}", "(1/2)/3"),
        (r"\frac{1}{\frac{a}{b}}", "1/(a/b)"),
    ],
)
def test_inline_fraction_parts_are_bracketed_unless_single(src: str, expected: str) -> None:
    assert render_math(src) == expected


# An independent reader of the inline text: it evaluates the rendering under the two usual
# conventions for "a/bc" (a product written by juxtaposition binding tighter than '/', or
# everything left to right). A rendering is unambiguous when both agree with the value of the
# LaTeX, computed here by hand as a Python expression.

_SUPERSCRIPT_DIGITS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789", strict=True))


class _Reader:
    def __init__(self, text: str, values: dict[str, float], tight_juxtaposition: bool) -> None:
        self.tokens = [ch for ch in text if not ch.isspace()]
        self.i = 0
        self.values = values
        self.tight = tight_juxtaposition

    def peek(self) -> str:
        return self.tokens[self.i] if self.i < len(self.tokens) else ""

    def take(self) -> str:
        self.i += 1
        return self.tokens[self.i - 1]

    def read(self) -> float:
        value = self.sum()
        assert self.i == len(self.tokens), f"unread: {self.tokens[self.i :]}"
        return value

    def sum(self) -> float:
        value = self.product()
        while self.peek() in ("+", "−"):
            value = value + self.product() if self.take() == "+" else value - self.product()
        return value

    def starts_factor(self) -> bool:
        return self.peek() == "(" or (self.peek().isalnum() and self.peek() not in _SUPERSCRIPT_DIGITS)

    def product(self) -> float:
        value = self.juxtaposed() if self.tight else self.power()
        while self.peek() in ("·", "/") or (not self.tight and self.starts_factor()):
            op = self.take() if self.peek() in ("·", "/") else "·"
            right = self.juxtaposed() if self.tight else self.power()
            value = value * right if op == "·" else value / right
        return value

    def juxtaposed(self) -> float:
        value = self.power()
        while self.starts_factor():
            value *= self.power()
        return value

    def power(self) -> float:
        value = self.atom()
        if self.peek() in _SUPERSCRIPT_DIGITS:
            value **= int(_SUPERSCRIPT_DIGITS[self.take()])
        return value

    def atom(self) -> float:
        ch = self.take()
        if ch == "−":
            return -self.power()
        if ch == "(":
            value = self.sum()
            assert self.take() == ")"
            return value
        if ch.isdigit():
            digits = ch
            while self.peek().isdigit() or self.peek() == ".":
                digits += self.take()
            return float(digits)
        return self.values[ch]


_VALUES = {"a": 3.0, "b": 5.0, "c": 7.0, "d": 11.0, "x": 13.0, "y": 1.5, "t": 0.25, "o": 0.75, "N": 4.0}


@pytest.mark.parametrize(
    ("src", "value"),
    [
        (r"\frac{1}{N}(a - y)", (3.0 - 1.5) / 4.0),
        (r"(a - y)\frac{1}{N}", (3.0 - 1.5) / 4.0),
        (r"\frac{1}{2}(o - t)^2", 0.5 * (0.75 - 0.25) ** 2),
        (r"2\frac{a}{b}x", 2 * 3.0 / 5.0 * 13.0),
        (r"\frac{a}{b}\frac{c}{d}", 3.0 / 5.0 * 7.0 / 11.0),
        (r"\frac{1}{2N}", 1 / 8.0),
        (r"\frac{a + b}{c}", 8.0 / 7.0),
        (r"\frac{a}{b c}", 3.0 / 35.0),
        (r"\frac{2a}{1 + a}", 6.0 / 4.0),
        (r"x - \frac{a}{b}(c - d)", 13.0 - 3.0 / 5.0 * (7.0 - 11.0)),
        (r"\frac{\frac{a}{b}}{c}", 3.0 / 5.0 / 7.0),
        (r"\frac{a}{\frac{b}{c}}", 3.0 / (5.0 / 7.0)),
        (r"\frac{a}{b}^2", (3.0 / 5.0) ** 2),
    ],
)
def test_inline_fractions_read_the_same_under_either_convention(src: str, value: float) -> None:
    text = render_math(src)
    for tight in (True, False):
        assert _Reader(text, _VALUES, tight).read() == pytest.approx(value), (text, tight)


def test_the_reader_does_see_the_ambiguity_of_a_bare_slash() -> None:
    # The check above can fail: without brackets the two conventions disagree.
    tight = _Reader("1/N(a − y)", _VALUES, tight_juxtaposition=True).read()
    loose = _Reader("1/N(a − y)", _VALUES, tight_juxtaposition=False).read()
    assert tight == pytest.approx(1 / (4.0 * 1.5)) and loose == pytest.approx(1.5 / 4.0)


# ---------------------------------------------------------------------------------------------
# Scripts with no Unicode form.


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        (r"e^{0.5}", "e^0.5"),
        (r"x^{1.5} + 1", "x^1.5 + 1"),
        (r"e^1 + e^2 + e^{0.5}", "e¹ + e² + e^0.5"),
        (r"e^{0.5}x", "e^(0.5)x"),  # "e^0.5x" could be e^(0.5x)
        (r"y^{q}x", "y^(q)x"),
        (r"y^{q}(x)", "y^(q)(x)"),
        (r"x^{0.5} \ln x", "x^0.5 ln x"),
        (r"x_b^2", "x_(b)²"),  # "x_b²" would put the square on b
        (r"e^{-z}", "e⁻ᶻ"),
        (r"W^{(l)}", "W^(l)"),
        (r"x^{z_i}", "x^zᵢ"),  # one symbol with a subscript reads as one unit
        (r"e^{z_i}", "e^zᵢ"),
        (r"S = \sum_k e^{z_k}", "S = Σₖ e^zₖ"),
        (r"u = e^{z_i},", "u = e^zᵢ,"),
        (r"e^{z_{12}}", "e^z₁₂"),
        (r"e^{-0.5}", "e^(−0.5)"),
        (r"e^{z_i + 10}", "e^(zᵢ+10)"),
        (r"e^{\alpha^2}", "e^(α²)"),
        # Inside a product the brackets stay, on every factor alike.
        (r"e^{z_i}S - e^{z_i}e^{z_j}", "e^(zᵢ)S − e^(zᵢ)e^(zⱼ)"),
        (r"e^{10} e^{z_i}", "e¹⁰e^(zᵢ)"),
        (r"2 e^{0.5}", "2e^(0.5)"),
        (r"x^{1 - e^{z_i}}", "x^(1−e^(zᵢ))"),
    ],
)
def test_script_fallbacks(src: str, expected: str) -> None:
    assert render_math(src) == expected


def test_display_softmax() -> None:
    got = render_math(r"a_i = \frac{e^{z_i}}{\sum_k e^{z_k}}", display=True)
    assert got == "\n".join(
        [
            "       e^zᵢ",
            "aᵢ = ────────",
            "      Σ e^zₖ",
            "      k",
        ]
    )


def test_a_sum_is_not_written_like_a_function_call() -> None:
    assert render_math(r"\frac{1}{2} \sum_k (y_k - a_k)^2") == "(1/2) Σₖ (yₖ − aₖ)²"
    assert render_math(r"\max(0, z)") == "max(0, z)"
