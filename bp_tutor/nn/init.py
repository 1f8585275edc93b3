"""Weight initialisers, seedable.

Both keep the variance of the signal about the same from layer to layer, so a deep stack neither
fades to zero nor blows up at the start of training:

    xavier (Glorot, uniform):  W ~ U(−r, r), r = √(6 / (fan_in + fan_out))   for sigmoid, tanh, softmax
    he (normal):               W ~ N(0, 2 / fan_in)                         for ReLU and LeakyReLU
Biases start at 0.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

INITIALIZERS = ("xavier", "he")


def default_initializer(activation: str) -> str:
    """He for the ReLU family (half the units are off, so twice the variance), Xavier otherwise."""
    return "he" if activation in ("relu", "leaky_relu") else "xavier"


def init_weights(kind: str, fan_in: int, fan_out: int, rng: np.random.Generator,
                 dtype: type[np.floating] = np.float64) -> NDArray[np.floating]:
    """A (fan_in, fan_out) weight matrix drawn by `kind` (formulas in the module docstring)."""
    if kind == "xavier":
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(dtype)
    if kind == "he":
        return (rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)).astype(dtype)
    raise ValueError(f"unknown initializer {kind!r}; expected one of {', '.join(INITIALIZERS)}")
