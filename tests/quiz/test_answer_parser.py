"""The answer language: values checked against Python's own arithmetic and math on the same numbers,
errors checked for their message and the exact character the caret points at."""

from __future__ import annotations

import contextlib
import math
import time

import numpy as np
import pytest

from bp_tutor.quiz import answer_syntax
from bp_tutor.quiz.answer import (
    CONSTANTS,
    FUNCTIONS,
    MAX_ANSWER_LENGTH,
    MAX_NESTING,
    AnswerSyntaxError,
    AnswerValue,
    evaluate_expression,
    parse_answer,
)


def scalar(text: str) -> float:
    value = parse_answer(text)
    assert isinstance(value, AnswerValue)
    assert value.shape == ()
    assert value.kind == "scalar"
    return float(value.array)


def error_for(text: str) -> AnswerSyntaxError:
    with pytest.raises(AnswerSyntaxError) as caught:
        parse_answer(text)
    return caught.value


# -- numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42.0),
        ("0.5", 0.5),
        (".5", 0.5),
        ("5.", 5.0),
        ("3/4", 0.75),
        ("1e-3", 0.001),
        ("2.5E+4", 25000.0),
        ("2.5e4", 25000.0),
        ("1E3", 1000.0),
        ("-3", -3.0),
        ("+3", 3.0),
        ("\u22123", -3.0),  # Unicode minus sign
        ("-.25", -0.25),
        ("007", 7.0),
        ("1e-400", 0.0),  # underflow to zero is a legitimate tiny number, not an error
    ],
)
def test_number_literals(text: str, expected: float) -> None:
    assert scalar(text) == expected


def test_a_long_digit_string_is_read_exactly_like_python_reads_it() -> None:
    digits = "0." + "3" * 500
    assert scalar(digits) == float(digits)


# -- precedence and associativity ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 - 2 - 3", (1 - 2) - 3),
        ("8 / 4 / 2", (8 / 4) / 2),
        ("2 + 3 * 4", 2 + (3 * 4)),
        ("2 * 3 + 4", (2 * 3) + 4),
        ("7 - 6 / 3", 7 - 2),
        ("2 + 3 * 4 ^ 2", 2 + 3 * 16),
        ("2^3^2", 2**9),  # right-associative
        ("2**3**2", 2**9),
        ("(2^3)^2", 64),
        ("-2^2", -4),
        ("-2**2", -4),
        ("(-2)^2", 4),
        ("2^-1", 0.5),
        ("2^-2^-1", 2 ** -(2**-1)),
        ("-2^-2", -(2**-2)),
        ("2 * -3", -6),
        ("--3", 3),
        ("-+-3", 3),
        ("2 - -3", 5),
        ("6 / 2 * 3", 9),
        ("1 / 2 / 2 * 8", 2),
        ("3 * (4 - 1) ^ 2 / 9", 3),
        ("2^3 * 2", 16),
        ("-(1 - 3) * 2", 4),
    ],
)
def test_precedence_and_associativity(text: str, expected: float) -> None:
    assert scalar(text) == pytest.approx(expected, rel=1e-15, abs=0)


def test_power_follows_python_float_power() -> None:
    assert scalar("1.5^2.5") == 1.5**2.5
    assert scalar("(-2)^3") == -8.0
    assert scalar("4^0.5") == 2.0
    assert scalar("10^-400") == 0.0


# -- constants and functions -----------------------------------------------------------------------


def python_sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("e", math.e),
        ("pi", math.pi),
        ("π", math.pi),
        ("PI", math.pi),
        ("2*pi", 2 * math.pi),
        ("exp(1)", math.e),
        ("exp(-0.5)", math.exp(-0.5)),
        ("ln(2)", math.log(2)),
        ("log(10)", math.log(10)),  # natural
        ("ln(e)", 1.0),
        ("sqrt(2)", math.sqrt(2)),
        ("sigmoid(0)", 0.5),
        ("sigmoid(0.3)", python_sigmoid(0.3)),
        ("sigmoid(-1.7)", python_sigmoid(-1.7)),
        ("σ(2)", python_sigmoid(2)),
        ("sigma(2)", python_sigmoid(2)),
        ("Sigmoid(2)", python_sigmoid(2)),
        ("sigmoid(800)", 1.0),
        ("sigmoid(-800)", 0.0),  # must not overflow computing e^800
        ("tanh(0.4)", math.tanh(0.4)),
        ("relu(-1.5)", 0.0),
        ("relu(2.5)", 2.5),
        ("leaky_relu(-2)", -0.02),
        ("leaky_relu(-2, 0.2)", -0.4),
        ("leaky_relu(3, 0.2)", 3.0),
        ("abs(-2.5)", 2.5),
        ("sigmoid(0) * (1 - sigmoid(0))", 0.25),
        ("exp(ln(3))", 3.0),
        ("sqrt(sqrt(16))", 2.0),
    ],
)
def test_constants_and_functions(text: str, expected: float) -> None:
    assert scalar(text) == pytest.approx(expected, rel=1e-15, abs=1e-300)


def test_sigmoid_derivative_matches_finite_differences() -> None:
    """σ'(z) = σ(z)(1 − σ(z)), the identity the quizzes rely on, against a central difference."""
    z, h = 0.7, 1e-6
    analytic = evaluate_expression("sigmoid(z) * (1 - sigmoid(z))", {"z": z})
    numeric = (python_sigmoid(z + h) - python_sigmoid(z - h)) / (2 * h)
    assert analytic == pytest.approx(numeric, rel=1e-8)


def test_function_table_is_exported_with_every_spelling() -> None:
    assert {"exp", "ln", "log", "sqrt", "σ", "sigma", "sigmoid", "tanh", "relu"} <= set(FUNCTIONS)
    assert {"leaky_relu", "abs"} <= set(FUNCTIONS)
    assert FUNCTIONS["σ"] is FUNCTIONS["sigmoid"]
    assert FUNCTIONS["leaky_relu"].compute(-1.0, 0.5) == -0.5
    assert FUNCTIONS["leaky_relu"].min_args == 1
    assert FUNCTIONS["leaky_relu"].max_args == 2
    assert CONSTANTS["π"] == math.pi


# -- Unicode and input methods -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 × 3", 6.0),
        ("2·3", 6.0),
        ("6 ÷ 4", 1.5),
        ("（１＋２）×３", 9.0),  # full-width parentheses, digits and plus
        ("０．５", 0.5),
        ("０。５", 0.5),  # the '.' key with a Chinese IME on
        ("－１", -1.0),  # full-width minus
        ("2……3", 8.0),  # Shift+6 with a Chinese IME on
        ("2＊＊3", 8.0),
        ("１\u3000＋\u3000１", 2.0),  # ideographic spaces
        ("ｓｉｇｍｏｉｄ（０）", 0.5),
    ],
)
def test_input_method_characters_are_normalised(text: str, expected: float) -> None:
    assert scalar(text) == expected


def test_full_width_brackets_commas_and_semicolons() -> None:
    assert parse_answer("［１，２；３，４］").array.tolist() == [[1, 2], [3, 4]]
    assert parse_answer("【0.2，-0.7】").array.tolist() == [0.2, -0.7]


# -- vectors and matrices ------------------------------------------------------------------------


def test_vector_in_brackets() -> None:
    value = parse_answer("[0.2, -0.7, 0.5]")
    assert value.kind == "vector"
    assert value.shape == (3,)
    assert value.array.dtype == np.float64
    assert value.array.tolist() == [0.2, -0.7, 0.5]


def test_bare_comma_list_is_a_vector() -> None:
    value = parse_answer("0.2, -0.7")
    assert value.kind == "vector"
    assert value.array.tolist() == [0.2, -0.7]


def test_vector_elements_are_expressions() -> None:
    value = parse_answer("[1/4, sigmoid(0), 2^-1 * 3]")
    assert value.array.tolist() == [0.25, 0.5, 1.5]


def test_matrix_rows_separated_by_semicolons() -> None:
    value = parse_answer("[1, 2; 3, 4]")
    assert value.kind == "matrix"
    assert value.shape == (2, 2)
    assert value.array.tolist() == [[1, 2], [3, 4]]


def test_column_vector_is_a_one_column_matrix() -> None:
    assert parse_answer("[1; 2; 3]").shape == (3, 1)


def test_numpy_style_nested_rows_are_a_matrix() -> None:
    assert parse_answer("[[1, 2], [3, 4], [5, 6]]").array.tolist() == [[1, 2], [3, 4], [5, 6]]
    assert parse_answer("[[1, 2]]").shape == (1, 2)


def test_whitespace_and_newlines_anywhere() -> None:
    value = parse_answer("  [ 1 ,\n\t2 ;\n 3 , 4 ]  ")
    assert value.array.tolist() == [[1, 2], [3, 4]]


def test_value_array_is_read_only() -> None:
    value = parse_answer("[1, 2]")
    with pytest.raises(ValueError):
        value.array[0] = 5.0


# -- errors: message and caret position ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "code", "fragment"),
    [
        ("", 0, "empty", "type an answer"),
        ("   ", 0, "empty", "type an answer"),
        ("2x", 1, "implicit_multiplication", "write 2*x, not 2x"),
        ("2pi", 1, "implicit_multiplication", "write 2*pi, not 2pi"),
        ("2(3+1)", 1, "implicit_multiplication", "write 2*(…), not 2(…)"),
        ("(1)(2)", 3, "implicit_multiplication", "write (…)*(…)"),
        ("2e", 1, "implicit_multiplication", "write 2*e, not 2e"),
        ("e(2)", 1, "implicit_multiplication", "e is a number, not a function"),
        ("sigmod(0)", 0, "unknown_name", "unknown name 'sigmod'; did you mean sigmoid?"),
        ("1 + tanhh(2)", 4, "unknown_name", "did you mean tanh?"),
        ("x", 0, "unknown_name", "unknown name 'x'"),
        ("log10(2)", 0, "unknown_name", "ln(x)/ln(b)"),
        ("(1 + 2", 0, "unbalanced", "missing ')' to close the '(' opened here"),
        ("sqrt(2", 4, "unbalanced", "missing ')' to close the '(' opened here"),
        ("[1, 2", 0, "unbalanced", "missing ']' to close the '[' opened here"),
        ("1 + 2)", 5, "unbalanced", "unexpected ')'"),
        ("]", 0, "unbalanced", "unexpected ']'"),
        ("[1, 2]]", 6, "unbalanced", "unexpected ']'"),
        ("[1, 2; 3]", 7, "ragged_rows", "row 2 has 1 value; row 1 has 2"),
        ("[1; 2, 3]", 4, "ragged_rows", "row 2 has 2 values; row 1 has 1"),
        ("[[1, 2], [3]]", 9, "ragged_rows", "row 2 has 1 value; row 1 has 2"),
        ("[]", 1, "empty_brackets", "empty brackets"),
        ("[1, 2,]", 6, "missing_value", "expected a value after ','"),
        ("[1; ]", 4, "missing_value", "expected a value after ';'"),
        ("1 +", 3, "missing_value", "expected a value after '+'"),
        ("2 * * 3", 4, "missing_value", "expected a value before '*'"),
        ("()", 1, "missing_value", "expected a value before ')'"),
        ("1 2", 2, "missing_operator", "missing operator or ','"),
        ("1.2.3", 3, "syntax", "at most one decimal point"),
        ("(1, 2)", 2, "syntax", "for a vector use brackets"),
        ("sqrt", 4, "missing_parenthesis", "sqrt(x)"),
        ("sqrt()", 5, "missing_value", "sqrt needs a value"),
        ("sqrt(1, 2)", 6, "wrong_arity", "sqrt takes 1 value"),
        ("leaky_relu(1, 2, 3)", 15, "wrong_arity", "leaky_relu takes 1 or 2 values"),
        ("[1, 2] * 2", 7, "array_arithmetic", "cannot be part of a calculation"),
        ("2 * [1, 2]", 4, "array_arithmetic", "must be the whole answer"),
        ("[[[1]]]", 2, "too_deep", "too many '['"),
        ("x = 0.5", 2, "unexpected_character", "type only the value"),
        ("0.5 = x", 4, "unexpected_character", "type only the value"),
        ("3²", 1, "unexpected_character", "x^2"),
        ("4!", 1, "unexpected_character", "factorials"),
        ("25%", 2, "unexpected_character", "percentage"),
        ("\\frac{1}{2}", 0, "unexpected_character", "no LaTeX needed"),
        ("1 $ 2", 2, "unexpected_character", "unexpected character '$'"),
        ("1/0", 1, "division_by_zero", "division by zero"),
        ("1 + 2/(3 - 3)", 5, "division_by_zero", "division by zero"),
        ("0^-1", 1, "division_by_zero", "negative power"),
        ("ln(0)", 0, "domain", "ln needs a positive number; got 0"),
        ("2 * log(-1)", 4, "domain", "log needs a positive number; got -1"),
        ("sqrt(-4)", 0, "domain", "sqrt needs a number that is not negative"),
        ("(-8)^(1/3)", 4, "domain", "not a real number"),
        ("1e999999", 0, "too_large", "the number 1e999999 is too large"),
        ("9^9^9^9", 3, "too_large", "the number is too large"),
        ("1e308 * 10", 6, "too_large", "the number is too large"),
        ("1e308 + 1e308", 6, "too_large", "the number is too large"),
        ("exp(1000)", 0, "too_large", "the number is too large"),
        ("2 + exp(exp(10))", 4, "too_large", "the number is too large"),
    ],
)
def test_error_message_and_caret(text: str, position: int, code: str, fragment: str) -> None:
    error = error_for(text)
    assert error.code == code
    assert fragment in error.message, error.message
    assert error.position == position, error.render(text)
    assert error.message_zh and error.message_zh != error.message


def test_render_puts_the_caret_under_the_bad_row() -> None:
    text = "[1, 2; 3]"
    assert error_for(text).render(text) == "[1, 2; 3]\n       ^\nrow 2 has 1 value; row 1 has 2"


def test_render_in_chinese() -> None:
    text = "1/0"
    assert error_for(text).render(text, lang="zh") == "1/0\n ^\n除数为零"


def test_render_counts_full_width_characters_as_two_columns() -> None:
    # '（' '１' '＋' '２' each take two terminal columns; the caret goes under the '(' at index 0
    # for the missing ')', and under the 'x' (index 4, column 8) for the unknown name.
    text = "（１＋２"
    assert error_for(text).render(text).splitlines()[1] == "^"
    text = "１＋２＋x"
    error = error_for(text)
    assert error.position == 4
    assert error.render(text).splitlines()[1] == " " * 8 + "^"


def test_render_shows_the_line_of_a_multi_line_answer() -> None:
    text = "[1, 2;\n 3]"
    lines = error_for(text).render(text).splitlines()
    assert lines[0] == " 3]"
    assert lines[1] == " ^"


def test_render_of_a_long_answer_is_a_window_around_the_caret() -> None:
    text = "1+" * 500 + "x"
    error = error_for(text)
    shown, caret, _message = error.render(text).splitlines()
    assert len(shown) < 80
    assert shown[len(caret) - 1] == "x"


def test_caret_positions_index_the_original_text_after_normalisation() -> None:
    text = "（１，２）"  # full-width: a comma inside parentheses
    assert error_for(text).position == 2


# -- safety limits -------------------------------------------------------------------------------


def test_input_longer_than_the_limit_is_refused() -> None:
    error = error_for("1" * (MAX_ANSWER_LENGTH + 1))
    assert error.code == "too_long"
    assert error.position == MAX_ANSWER_LENGTH
    assert str(MAX_ANSWER_LENGTH) in error.message


def test_nesting_deeper_than_the_limit_is_refused_at_the_first_bracket_too_many() -> None:
    ok = "(" * MAX_NESTING + "1" + ")" * MAX_NESTING
    assert scalar(ok) == 1.0
    error = error_for("(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1))
    assert error.code == "too_deep"
    assert error.position == MAX_NESTING
    error = error_for("exp(" * (MAX_NESTING + 1) + "0" + ")" * (MAX_NESTING + 1))
    assert error.code == "too_deep"


def test_too_many_values_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # The length limit keeps real input under the element limit, so lower the limit to reach it.
    monkeypatch.setattr(answer_syntax, "MAX_ELEMENTS", 3)
    assert parse_answer("[1, 2, 3]").shape == (3,)
    for text in ("[1, 2, 3, 4]", "1, 2, 3, 4", "[1, 2; 3, 4]", "[[1, 2], [3, 4]]"):
        assert error_for(text).code == "too_many_values"


def test_a_huge_literal_is_an_error_not_infinity() -> None:
    assert error_for("9" * 400).code == "too_large"
    assert error_for("1e" + "9" * 1900).code == "too_large"


WORST_CASES = {
    "minus signs": "-" * (MAX_ANSWER_LENGTH - 1) + "1",
    "power tower": "2^" * (MAX_ANSWER_LENGTH // 2 - 1) + "2",
    "sum chain": "1+" * (MAX_ANSWER_LENGTH // 2 - 1) + "1",
    "division chain": "1/" * (MAX_ANSWER_LENGTH // 2 - 1) + "1",
    "nested tower": "(" * MAX_NESTING + "9^" * 399 + "9" + ")" * MAX_NESTING,
    "nested exp": "exp(" * 45 + "9" + ")" * 45,
    "vector of towers": "[" + "9^9^9," * 330 + "1]",
    "long list": "1," * (MAX_ANSWER_LENGTH // 2 - 1) + "1",
}


# An ordinary answer as long as the worst cases: the yardstick they are timed against.
PLAIN_LONG_ANSWER = "[" + "0.5," * (MAX_ANSWER_LENGTH // 4 - 2) + "0.5]"


def _best_parse_time(text: str) -> float:
    """The fastest of three parses: the least disturbed by whatever else the machine runs."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        with contextlib.suppress(AnswerSyntaxError):
            parse_answer(text)
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.parametrize("text", list(WORST_CASES.values()), ids=list(WORST_CASES))
def test_worst_case_inputs_finish_quickly_without_recursion_errors(text: str) -> None:
    """No input of the allowed length costs much more than an ordinary one of that length
    (measured here about 1×; work growing with the square of the length would be hundreds of
    times): timed against each other in the same run, so a busy machine slows both."""
    assert len(PLAIN_LONG_ANSWER) <= MAX_ANSWER_LENGTH
    assert _best_parse_time(text) < 10 * _best_parse_time(PLAIN_LONG_ANSWER)


def test_long_chains_evaluate_correctly() -> None:
    assert scalar("1+" * 999 + "1") == 1000.0
    assert scalar("-" * 1999 + "1") == -1.0  # 1999 minus signs: odd
    assert scalar("-" * 1996 + "1+0") == 1.0  # even
    assert scalar("1^" * 999 + "1") == 1.0


# -- evaluate_expression -------------------------------------------------------------------------


def test_evaluate_expression_with_names() -> None:
    assert evaluate_expression("w * x + b", {"w": 0.5, "x": 2.0, "b": -0.25}) == 0.75
    z = 0.4
    expected = python_sigmoid(z) * (1 - python_sigmoid(z))
    assert evaluate_expression("σ(z)*(1-σ(z))", {"z": z}) == pytest.approx(expected, rel=1e-15)


def test_evaluate_expression_without_names() -> None:
    assert evaluate_expression("sigmoid(0) * (1 - sigmoid(0))") == 0.25
    assert isinstance(evaluate_expression("1"), float)


def test_a_name_shadows_a_constant() -> None:
    assert evaluate_expression("e + 1", {"e": 0.5}) == 1.5


def test_evaluate_expression_suggests_a_close_name() -> None:
    with pytest.raises(AnswerSyntaxError) as caught:
        evaluate_expression("z11 + 1", {"z1": 1.0, "a1": 2.0})
    assert "did you mean z1?" in caught.value.message
    with pytest.raises(AnswerSyntaxError) as caught:
        evaluate_expression("q + 1", {"z1": 1.0})
    assert "z1" in caught.value.message


@pytest.mark.parametrize(("text", "position"), [("1, 2", 1), ("[1, 2]", 0), ("", 0)])
def test_evaluate_expression_refuses_anything_but_one_number(text: str, position: int) -> None:
    with pytest.raises(AnswerSyntaxError) as caught:
        evaluate_expression(text)
    assert caught.value.position == position


def test_evaluate_expression_reports_errors_at_the_operator() -> None:
    with pytest.raises(AnswerSyntaxError) as caught:
        evaluate_expression("x / (y - 1)", {"x": 1.0, "y": 1.0})
    assert caught.value.code == "division_by_zero"
    assert caught.value.position == 2


def test_a_variable_is_not_callable() -> None:
    with pytest.raises(AnswerSyntaxError) as caught:
        evaluate_expression("x(2)", {"x": 1.0})
    assert caught.value.code == "implicit_multiplication"
    assert caught.value.position == 1
