"""Whatever a student types, the answer language returns a value or an AnswerSyntaxError: never
another exception, never a hang. Also: any float Python prints reads back as the same float."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bp_tutor.quiz.answer import (
    MAX_ANSWER_LENGTH,
    AnswerSyntaxError,
    AnswerValue,
    evaluate_expression,
    parse_answer,
)

# Pieces of the grammar, plus the look-alikes and mistakes students make. Joined at random they
# reach far more of the parser than arbitrary text, which mostly stops at the first character.
GRAMMAR_PIECES = [
    *"0123456789",
    *["0.5", ".5", "5.", "1e-3", "2.5E+4", "1e308", "1e999", "00", "1.2.3"],
    *["+", "-", "*", "/", "^", "**", "(", ")", "[", "]", ",", ";"],
    *["e", "E", "pi", "π", "x", "z", "sigmod", "exp", "sqrt"],
    *[name + "(" for name in ("exp", "ln", "log", "sqrt", "σ", "sigma", "sigmoid", "tanh")],
    *["relu(", "leaky_relu(", "abs("],
    *"−×·÷，；（）［］．－１。【】",
    "……",
    *["=", "!", "²", "%", "\\", "{"],
    *[" ", "\n", "\t", "\u3000"],
]

grammar_pieces = st.lists(st.sampled_from(GRAMMAR_PIECES), max_size=40)

# Arbitrary Unicode, weighted towards the characters the language knows.
arbitrary_text = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from("0123456789.eE+-*/^()[],; σπ−×÷，；（）［］"),
    ),
    max_size=60,
)

# Generating an input costs Hypothesis far more than parsing it (about 1 ms against 0.04 ms), so
# each drawn input is also checked cut short after every piece (or character): every prefix is a
# plausible half-typed answer. The two tests below parse about 12,000 and 10,000 inputs in about
# 1.5 s and 2.5 s on one core.
GRAMMAR_FUZZ_SETTINGS = settings(
    max_examples=1_500,
    deadline=500,  # milliseconds per drawn input, prefixes included
    suppress_health_check=[HealthCheck.too_slow],
)
ARBITRARY_FUZZ_SETTINGS = settings(
    max_examples=1_200,
    deadline=500,
    suppress_health_check=[HealthCheck.too_slow],
)


def check_answer(text: str) -> None:
    try:
        value = parse_answer(text)
    except AnswerSyntaxError as error:
        assert 0 <= error.position <= len(text)
        assert error.message and error.message_zh
        rendered = error.render(text)
        assert rendered.endswith(error.message)
        assert error.render(text, lang="zh").endswith(error.message_zh)
        return
    assert isinstance(value, AnswerValue)
    assert value.array.dtype == np.float64
    assert value.array.ndim in (0, 1, 2)
    assert np.all(np.isfinite(value.array))


@GRAMMAR_FUZZ_SETTINGS
@given(grammar_pieces)
def test_text_built_from_grammar_pieces_gives_a_value_or_an_answer_error(
    pieces: list[str],
) -> None:
    for end in range(len(pieces) + 1):
        check_answer("".join(pieces[:end]))


@ARBITRARY_FUZZ_SETTINGS
@given(arbitrary_text)
def test_arbitrary_text_gives_a_value_or_an_answer_error(text: str) -> None:
    for end in range(len(text) + 1):
        check_answer(text[:end])


@settings(max_examples=500, deadline=200)
@given(grammar_pieces.map("".join), st.floats(allow_nan=False, allow_infinity=False))
def test_evaluate_expression_gives_a_float_or_an_answer_error(text: str, x: float) -> None:
    try:
        value = evaluate_expression(text, {"x": x, "z": 0.5})
    except AnswerSyntaxError as error:
        assert 0 <= error.position <= len(text)
        return
    assert isinstance(value, float)
    assert math.isfinite(value)


@settings(max_examples=300, deadline=500)
@given(st.lists(st.sampled_from(GRAMMAR_PIECES), min_size=1, max_size=8).map("".join))
def test_long_repetitions_stay_within_limits(piece: str) -> None:
    """The same piece repeated up to the length limit: deep nesting and long chains."""
    check_answer((piece * (MAX_ANSWER_LENGTH // len(piece) + 1))[:MAX_ANSWER_LENGTH])


@settings(max_examples=2_000, deadline=200)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_printed_float_reads_back_exactly(x: float) -> None:
    value = parse_answer(repr(x))
    assert float(value.array) == x
    # The sign of zero survives too: "-0.0" is minus applied to 0.0.
    assert math.copysign(1.0, float(value.array)) == math.copysign(1.0, x)


@settings(max_examples=500, deadline=200)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=20))
def test_a_printed_list_of_floats_reads_back_as_a_vector(xs: list[float]) -> None:
    value = parse_answer(repr(xs))
    assert value.shape == (len(xs),)
    assert value.array.tolist() == xs
