"""The functions and constants of the answer language (shared with lesson checking).

Every function takes and returns Python floats. A value outside a function's domain raises
`DomainError`; the evaluator turns it into an `AnswerSyntaxError` with the caret at the function's
name. `math.exp` and friends raise `OverflowError` on overflow, which the evaluator reports as
"the number is too large".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

# DESIGN.md: leaky_relu's slope for negative inputs when the spec leaves "alpha" out.
DEFAULT_LEAKY_RELU_ALPHA = 0.01


class DomainError(ArithmeticError):
    """An argument outside the function's domain. `{name}` in the messages is the name as typed."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh


@dataclass(frozen=True, slots=True)
class AnswerFunction:
    """One function of the answer language.

    `name` is its main spelling, `usage` how a call looks (shown in messages), and `formula` what it
    computes. It takes between `min_args` and `max_args` numbers.
    """

    name: str
    usage: str
    formula: str
    min_args: int
    max_args: int
    compute: Callable[..., float]

    def arity_text(self) -> str:
        """'1 value' or '1 or 2 values', for messages."""
        if self.min_args == self.max_args:
            return f"{self.min_args} value" + ("" if self.min_args == 1 else "s")
        return f"{self.min_args} or {self.max_args} values"

    def arity_text_zh(self) -> str:
        """'1 个值' or '1 或 2 个值', for messages in Chinese."""
        if self.min_args == self.max_args:
            return f"{self.min_args} 个值"
        return f"{self.min_args} 或 {self.max_args} 个值"


def _exp(x: float) -> float:
    return math.exp(x)


def _ln(x: float) -> float:
    if x <= 0:
        raise DomainError(
            f"{{name}} needs a positive number; got {x:g}",
            f"{{name}} 的参数必须是正数，这里是 {x:g}",
        )
    return math.log(x)


def _sqrt(x: float) -> float:
    if x < 0:
        raise DomainError(
            f"{{name}} needs a number that is not negative; got {x:g}",
            f"{{name}} 的参数不能是负数，这里是 {x:g}",
        )
    return math.sqrt(x)


def _sigmoid(x: float) -> float:
    """σ(x) = 1 / (1 + e⁻ˣ), written so that e^|x| is never formed (no overflow for large |x|)."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    ex = math.exp(x)
    return ex / (1.0 + ex)


def _tanh(x: float) -> float:
    return math.tanh(x)


def _relu(x: float) -> float:
    """relu(x) = max(0, x)."""
    return x if x > 0 else 0.0


def _leaky_relu(x: float, alpha: float = DEFAULT_LEAKY_RELU_ALPHA) -> float:
    """leaky_relu(x, α) = x for x > 0, αx otherwise."""
    return x if x > 0 else alpha * x


def _abs(x: float) -> float:
    return abs(x)


_EXP = AnswerFunction("exp", "exp(x)", "eˣ", 1, 1, _exp)
_LN = AnswerFunction("ln", "ln(x)", "natural logarithm of x", 1, 1, _ln)
_SQRT = AnswerFunction("sqrt", "sqrt(x)", "√x", 1, 1, _sqrt)
_SIGMOID = AnswerFunction("sigmoid", "sigmoid(x)", "1 / (1 + e⁻ˣ)", 1, 1, _sigmoid)
_TANH = AnswerFunction("tanh", "tanh(x)", "(eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)", 1, 1, _tanh)
_RELU = AnswerFunction("relu", "relu(x)", "max(0, x)", 1, 1, _relu)
_LEAKY_RELU = AnswerFunction(
    "leaky_relu",
    "leaky_relu(x, alpha)",
    f"x if x > 0 else alpha·x (alpha defaults to {DEFAULT_LEAKY_RELU_ALPHA})",
    1,
    2,
    _leaky_relu,
)
_ABS = AnswerFunction("abs", "abs(x)", "|x|", 1, 1, _abs)

FUNCTIONS: Mapping[str, AnswerFunction] = MappingProxyType(
    {
        "exp": _EXP,
        "ln": _LN,
        "log": _LN,  # natural, as in the lessons; there is no base-10 log in backpropagation
        "sqrt": _SQRT,
        "sigmoid": _SIGMOID,
        "sigma": _SIGMOID,
        "σ": _SIGMOID,
        "tanh": _TANH,
        "relu": _RELU,
        "leaky_relu": _LEAKY_RELU,
        "abs": _ABS,
    }
)
"""Every spelling the answer language accepts for a function, mapped to the function."""

CONSTANTS: Mapping[str, float] = MappingProxyType({"e": math.e, "pi": math.pi, "π": math.pi})
"""Named numbers of the answer language."""


def _folded(name: str) -> str:
    """ASCII names are matched ignoring case (`Sigmoid`, `PI`); Greek letters exactly."""
    return name.lower() if name.isascii() else name


def lookup_function(name: str) -> AnswerFunction | None:
    """The function spelled `name`, or None."""
    return FUNCTIONS.get(_folded(name))


def lookup_constant(name: str) -> float | None:
    """The constant spelled `name`, or None."""
    return CONSTANTS.get(_folded(name))
