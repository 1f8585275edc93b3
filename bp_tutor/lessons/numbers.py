"""Checking `{{ EXPR = NUMBER }}`: evaluate EXPR and compare it with the NUMBER the lesson states.

A stated number is right when it is the exact value rounded to the digits shown: the tolerance is
half a unit in its last digit (0.4843 allows ±0.00005, 12 allows ±0.5, 1.5e-3 allows ±0.05e-3).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from bp_tutor.lessons.markdown import NumberRef
from bp_tutor.lessons.preset_traces import PresetError, PresetTraces

# evaluate_expression(text, names) -> float, raising an error with `.message` and `.position`.
Evaluator = Callable[[str, Mapping[str, float]], float]

TRACE_REF = re.compile(
    r"^trace\s+(?P<preset>[A-Za-z0-9_.-]+)\s+(?P<name>[A-Za-z]+\d*)"
    r"\s*(?:\[\s*(?P<indices>[^\]]*)\])?\s*$"
)


@dataclass(frozen=True)
class NumberIssue:
    """What is wrong with one number; `offset` is a position in the expression for a caret."""

    message: str
    offset: int | None = None


def tolerance(number: str) -> float:
    """Half a unit in the last stated digit of `number`."""
    exponent = Decimal(number.replace("−", "-")).as_tuple().exponent
    assert isinstance(exponent, int)
    return 0.5 * 10.0**exponent


def stated_value(number: str) -> float:
    return float(number.replace("−", "-"))


def trace_value(expr: str, traces: PresetTraces) -> float:
    """The value `trace PRESET NAME[i,j]` points at; raises _Failure saying what is wrong."""
    match = TRACE_REF.match(expr)
    if match is None:
        raise _Failure(
            NumberIssue("a trace reference is written 'trace PRESET NAME[i,j]', like 'trace toy-452 a2[0,1]'")
        )
    preset, name = match["preset"], match["name"]
    try:
        trace = traces.trace(preset)
    except PresetError as exc:
        raise _Failure(NumberIssue(str(exc), match.start("preset"))) from None
    if name not in trace:
        known = ", ".join(trace.names())
        raise _Failure(
            NumberIssue(f"'{name}' is not in the trace of '{preset}' (it has: {known})", match.start("name"))
        )
    value = trace[name].value
    text = match["indices"]
    indices: tuple[int, ...] = ()
    if text is not None and text.strip():
        parts = [p.strip() for p in text.split(",")]
        if not all(p.isdigit() for p in parts):
            raise _Failure(
                NumberIssue(f"indices must be whole numbers from 0, got [{text}]", match.start("indices"))
            )
        indices = tuple(int(p) for p in parts)
    if len(indices) != value.ndim:
        shape = "x".join(str(n) for n in value.shape) or "a single number"
        wanted = "no index" if value.ndim == 0 else f"{value.ndim} indices"
        raise _Failure(
            NumberIssue(f"'{name}' of '{preset}' is {shape}: it takes {wanted}", match.start("name"))
        )
    for axis, (i, n) in enumerate(zip(indices, value.shape, strict=True)):
        if i >= n:
            raise _Failure(
                NumberIssue(
                    f"index {i} is out of range for axis {axis} of '{name}' (size {n}, indices start at 0)",
                    match.start("indices"),
                )
            )
    return float(value[indices])


class _Failure(Exception):
    def __init__(self, issue: NumberIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def check_number(ref: NumberRef, evaluate: Evaluator | None, traces: PresetTraces) -> NumberIssue | None:
    """None when the stated number agrees with its expression, else what is wrong."""
    try:
        if ref.expr.startswith("trace ") or ref.expr == "trace":
            actual = trace_value(ref.expr, traces)
        elif evaluate is None:
            return NumberIssue("cannot check this number: no arithmetic evaluator is available")
        else:
            try:
                actual = float(evaluate(ref.expr, {}))
            except Exception as exc:  # the evaluator reports every problem as one error type
                message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
                position = getattr(exc, "position", None)
                return NumberIssue(message, position if isinstance(position, int) else None)
    except _Failure as failure:
        return failure.issue
    stated = stated_value(ref.number)
    allowed = tolerance(ref.number)
    # A whisker of relative slack so 0.5-exact cases are not lost to binary rounding.
    if abs(actual - stated) <= allowed * (1 + 1e-9):
        return None
    return NumberIssue(
        f"the lesson says {ref.number} but {ref.expr} is {actual:.10g} (allowed difference ±{allowed:g})"
    )
