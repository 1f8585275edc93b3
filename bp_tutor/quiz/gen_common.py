"""Helpers every generator shares: hand-friendly numbers, prompt formatting, engine traces."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bp_tutor.nn import Network, Trace, parse_spec
from bp_tutor.nn.render import format_array, format_number
from bp_tutor.quiz.model import Array, arr


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
    """A number for a prompt: as short as it is exact, at most `decimals` places."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def vec(values: Array | Sequence[float], decimals: int = 4) -> str:
    """[0.5, -1.2]: the way a student would type it."""
    return "[" + ", ".join(num(float(v), decimals) for v in np.ravel(values)) + "]"


def mat(values: Array, decimals: int = 4) -> str:
    """[1, 2; 3, 4]: rows separated by ';' as in the answer language."""
    m = np.atleast_2d(values)
    return "[" + "; ".join(", ".join(num(float(v), decimals) for v in row) for row in m) + "]"


def block(value: Array | float, decimals: int = 4) -> str:
    """Numbers laid out as `bp_tutor.nn.render.format_array` prints them."""
    return "\n".join(format_array(np.asarray(value, dtype=np.float64), decimals))


def shown(formula: str, value: Array | float, decimals: int = 4) -> str:
    """A solution step: the formula, then its numbers."""
    v = np.asarray(value, dtype=np.float64)
    if v.ndim == 0:
        return f"{formula} = {format_number(float(v), decimals)}"
    return f"{formula}\n{block(v, decimals)}"


def entry_step(trace: Trace, name: str, decimals: int = 4) -> str:
    """A trace entry as a solution step: its formula, then its numbers."""
    entry = trace[name]
    return shown(entry.formula, entry.value, decimals)


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
