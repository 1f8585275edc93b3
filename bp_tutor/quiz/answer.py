"""The answer language: what students type for a gradient, read by our own parser, never `eval`.

    parse_answer("[0.2, -0.7; 1/3, sigmoid(0)]")  -> AnswerValue with a 2×2 float64 array
    evaluate_expression("sigmoid(z)*(1 - sigmoid(z))", {"z": 0.0}) -> 0.25

Numbers, + - * / and ^ (or **), parentheses, e and pi, the functions in FUNCTIONS, vectors in
brackets (or a bare comma list) and matrices with rows separated by ';'. Full-width characters from
Chinese input methods are read as their ASCII forms. Every problem, from a typo to a division by
zero or an overflow, is an AnswerSyntaxError pointing at the character responsible.

Evaluation is in float64 with every intermediate result checked: a value that overflows is
refused at the operator or function that produced it, so no input can produce inf or NaN, and
since all arithmetic is on floats (never Python's unbounded ints) nothing like 9^9^9^9 can take
time or memory: it overflows at once and is reported.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bp_tutor.quiz.answer_errors import AnswerSyntaxError
from bp_tutor.quiz.answer_functions import CONSTANTS, FUNCTIONS, AnswerFunction, DomainError
from bp_tutor.quiz.answer_lexer import MAX_ANSWER_LENGTH
from bp_tutor.quiz.answer_syntax import (
    MAX_ELEMENTS,
    MAX_NESTING,
    AnswerKind,
    Call,
    Chain,
    Constant,
    Expr,
    Number,
    Power,
    Signed,
    Variable,
    parse,
    parse_scalar,
)

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "MAX_ANSWER_LENGTH",
    "MAX_ELEMENTS",
    "MAX_NESTING",
    "AnswerFunction",
    "AnswerSyntaxError",
    "AnswerValue",
    "evaluate_expression",
    "parse_answer",
]


@dataclass(frozen=True, eq=False)
class AnswerValue:
    """An evaluated answer: `array` is float64, 0-d for a number, 1-d a vector, 2-d a matrix.

    The array is read-only so a graded answer cannot be changed behind the grader's back.
    """

    array: npt.NDArray[np.float64]
    kind: AnswerKind

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.array.shape)


def _too_large(pos: int) -> AnswerSyntaxError:
    return AnswerSyntaxError(
        "the number is too large (beyond about 1.8e308)",
        "数值太大（超过约 1.8e308）",
        pos,
        "too_large",
    )


def _finite(value: float, pos: int) -> float:
    if not math.isfinite(value):
        raise _too_large(pos)
    return value


def _power(base: float, exponent: float, pos: int) -> float:
    """base^exponent in real numbers, refusing what has no real value or does not fit a float."""
    if base == 0 and exponent < 0:
        raise AnswerSyntaxError(
            "0 cannot be raised to a negative power (that divides by zero)",
            "0 不能取负数次幂（相当于除以零）",
            pos,
            "division_by_zero",
        )
    if base < 0 and not exponent.is_integer():
        raise AnswerSyntaxError(
            "a negative number to a fractional power is not a real number",
            "负数的分数次幂不是实数",
            pos,
            "domain",
        )
    try:
        result = math.pow(base, exponent)
    except OverflowError:
        raise _too_large(pos) from None
    return _finite(result, pos)


def _apply(op: str, left: float, right: float, pos: int) -> float:
    if op == "+":
        return _finite(left + right, pos)
    if op == "-":
        return _finite(left - right, pos)
    if op == "*":
        return _finite(left * right, pos)
    if right == 0:
        raise AnswerSyntaxError("division by zero", "除数为零", pos, "division_by_zero")
    return _finite(left / right, pos)


def _call(node: Call, args: list[float]) -> float:
    try:
        result = node.function.compute(*args)
    except DomainError as error:
        raise AnswerSyntaxError(
            error.message.format(name=node.name),
            error.message_zh.format(name=node.name),
            node.pos,
            "domain",
        ) from None
    except OverflowError:
        raise _too_large(node.pos) from None
    return _finite(result, node.pos)


def _evaluate(node: Expr, names: Mapping[str, float]) -> float:
    """The value of `node`; recursion depth is bounded by the bracket nesting (answer_syntax)."""
    if isinstance(node, Number):
        if not math.isfinite(node.value):
            shown = node.text if len(node.text) <= 20 else node.text[:12] + "…"
            raise AnswerSyntaxError(
                f"the number {shown} is too large (beyond about 1.8e308)",
                f"数 {shown} 太大（超过约 1.8e308）",
                node.pos,
                "too_large",
            )
        return node.value
    if isinstance(node, Constant):
        return node.value
    if isinstance(node, Variable):
        value = float(names[node.name])
        if not math.isfinite(value):
            raise AnswerSyntaxError(
                f"the value of {node.name} is not a finite number",
                f"{node.name} 的值不是有限数",
                node.pos,
                "too_large",
            )
        return value
    if isinstance(node, Signed):
        value = _evaluate(node.operand, names)
        return -value if node.negate else value
    if isinstance(node, Chain):
        value = _evaluate(node.first, names)
        for link in node.links:
            value = _apply(link.op, value, _evaluate(link.operand, names), link.pos)
        return value
    if isinstance(node, Power):
        # a ^ s₁x₁ ^ s₂x₂: fold from the right, applying each link's signs to what is to its right.
        operands = [_evaluate(node.base, names)]
        operands += [_evaluate(link.operand, names) for link in node.links]
        value = operands[-1]
        for k in range(len(node.links) - 1, -1, -1):
            power_link = node.links[k]
            if power_link.negate:
                value = -value
            value = _power(operands[k], value, power_link.pos)
        return value
    if isinstance(node, Call):
        return _call(node, [_evaluate(arg, names) for arg in node.args])
    raise TypeError(f"not an answer expression: {node!r}")  # pragma: no cover - exhaustive above


def parse_answer(text: str) -> AnswerValue:
    """Read and evaluate a student's answer: a number, a vector or a matrix.

    Raises AnswerSyntaxError (and nothing else) for anything that is not a valid finite answer.
    """
    parsed = parse(text)
    names: Mapping[str, float] = {}
    rows = [[_evaluate(expr, names) for expr in row] for row in parsed.rows]
    array = np.array(rows, dtype=np.float64)
    if parsed.kind == "scalar":
        array = array.reshape(())
    elif parsed.kind == "vector":
        array = array.reshape(-1)
    array.setflags(write=False)
    return AnswerValue(array, parsed.kind)


def evaluate_expression(text: str, names: Mapping[str, float] | None = None) -> float:
    """The value of a single-number expression; `names` gives values to extra variables.

    A variable shadows a constant of the same name (a lesson may call something e). Raises
    AnswerSyntaxError.
    """
    names = dict(names or {})
    return _evaluate(parse_scalar(text, names.keys()), names)
