"""Helpers every generator shares: hand-friendly numbers, prompt formatting, engine traces."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bp_tutor.nn import Network, Trace, parse_spec
from bp_tutor.nn.notation import sup
from bp_tutor.nn.render import aligned_rows, bracketed
from bp_tutor.quiz.model import Array, arr

MINUS = "\u2212"  # the true minus sign: displayed text never uses the ASCII hyphen for it

def one_decimal(rng: np.random.Generator, low: float, high: float, *, nonzero: bool = True
                ) -> float:
    """A number with one decimal in [low, high] (0 left out when `nonzero`): easy by hand."""
    while True:
        value = round(float(rng.integers(round(low * 10), round(high * 10) + 1)) / 10, 1)
        if not nonzero or value != 0.0:
            return value


def one_decimals(rng: np.random.Generator, shape: int | tuple[int, ...], low: float,
                 high: float) -> Array:
    size = int(np.prod(shape))
    values = [one_decimal(rng, low, high) for _ in range(size)]
    return arr(values).reshape(shape)


def num(value: float, decimals: int = 4) -> str:
    """A number for display: as short as it is exact, at most `decimals` places, with a true
    minus sign (−0.5, not -0.5; −0 is shown as 0)."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    return text.replace("-", MINUS)


def paren(value: float, decimals: int = 4) -> str:
    """A number substituted into a formula: negative ones in parentheses, 2·(−1.5)."""
    text = num(value, decimals)
    return f"({text})" if text.startswith(MINUS) else text


def power(base: str, exponent: int) -> str:
    """base raised to `exponent`, written the way a teacher would: x¹ is x, x⁰ is 1."""
    if exponent == 0:
        return "1"
    return base if exponent == 1 else base + sup(exponent)


def term(coefficient: float, symbol: str, *, first: bool = False) -> str:
    """One signed term of a sum: "3x²", "+ x", "− 2y"; the first term carries its sign without
    a space ("−2x")."""
    magnitude = abs(coefficient)
    text = symbol if magnitude == 1 and symbol else num(magnitude) + symbol
    if first:
        return (MINUS if coefficient < 0 else "") + text
    return f"{MINUS if coefficient < 0 else '+'} {text}"


def vec(values: Array | Sequence[float], decimals: int = 4) -> str:
    """[0.5, −1.2]: a vector inline, the way a student would type it."""
    return "[" + ", ".join(num(float(v), decimals) for v in np.ravel(values)) + "]"


def mat(values: Array, decimals: int = 4) -> str:
    """[1, 2; 3, 4]: rows separated by ';' as in the answer language."""
    m = np.atleast_2d(values)
    return "[" + "; ".join(", ".join(num(float(v), decimals) for v in row) for row in m) + "]"


def inline(value: Array | float, decimals: int = 4) -> str:
    """A number, vector or matrix on one line."""
    v = np.asarray(value, dtype=np.float64)
    if v.ndim == 0:
        return num(float(v), decimals)
    return vec(v, decimals) if v.ndim == 1 else mat(v, decimals)


def _places(value: float, decimals: int) -> int:
    text = num(value, decimals)
    return len(text.partition(".")[2])


def _fixed(value: float, places: int) -> str:
    """Exactly `places` decimals (for aligned columns), true minus, no sign on a zero."""
    text = f"{value:.{places}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def block(value: Array | float, decimals: int = 4) -> str:
    """A vector or matrix over lines, columns right-aligned, every entry with as many places as
    the most precise one needs (at most `decimals`), in square brackets."""
    v = np.asarray(value, dtype=np.float64)
    if v.ndim == 0:
        return num(float(v), decimals)
    rows = np.atleast_2d(v) if v.ndim == 1 else v.reshape(v.shape[0], -1)
    places = max(_places(float(x), decimals) for x in rows.ravel())
    cells = [[_fixed(float(x), places) for x in row] for row in rows]
    return "\n".join(bracketed(aligned_rows(cells)))


def exact_at(value: Array | float, decimals: int = 4) -> bool:
    """Whether `decimals` places show the value exactly (else it is written with ≈)."""
    v = np.asarray(value, dtype=np.float64)
    return bool(np.all(np.abs(v - np.round(v, decimals)) < 1e-9))


def equals(value: Array | float, decimals: int = 4) -> str:
    """"= 0.64" when the digits shown are exact, "≈ 0.0701" when they are rounded."""
    return "=" if exact_at(value, decimals) else "≈"


def shown(formula: str, value: Array | float, decimals: int = 4) -> str:
    """A solution step: the formula, then its value: inline for a number or a vector, on lines
    of their own for a matrix."""
    v = np.asarray(value, dtype=np.float64)
    sign = equals(v, decimals)
    if v.ndim == 0 or ((v.ndim == 1 or v.shape[0] == 1) and v.size <= 4):
        return f"{formula} {sign} {inline(v.reshape(-1) if v.ndim else v, decimals)}"
    return f"{formula} {sign}\n{block(v, decimals)}"


def run_trace(layers: Sequence[dict[str, Any]], loss: str, x: Array, y: Array,
              weights: Sequence[Array], biases: Sequence[Array], *, reduction: str = "mean",
              weight_decay: float = 0.0) -> Trace:
    """One forward and backward pass of the engine on exactly these numbers."""
    spec = parse_spec({
        "layers": list(layers), "loss": loss, "reduction": reduction,
        "x": np.asarray(x).tolist(), "y": np.asarray(y).tolist(),
        "weights": [np.asarray(w).tolist() for w in weights],
        "biases": [np.asarray(b).tolist() for b in biases],
        "weight_decay": weight_decay,
    }, source="quiz")
    return Network.from_spec(spec).trace(arr(x), arr(y))


def sigmoid(z: Array | float) -> Array:
    return arr(1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64))))
