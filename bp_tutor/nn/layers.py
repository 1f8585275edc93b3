"""The dense (fully connected) layer as a forward/backward pair with an explicit cache.

Batches are rows: a_prev has shape (N, fan_in), W (fan_in, units), b (units,).

    forward:   z = a_prev W + b
    backward:  given δ = ∂L/∂z (N, units)
               ∂L/∂W      = a_prevᵀ δ        (fan_in, units): one outer product per sample, summed
               ∂L/∂b      = Σₙ δₙ            (units,): b is added to every row, so its gradient sums them
               ∂L/∂a_prev = δ Wᵀ             (N, fan_in): what the layer below needs for its own δ
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating]


class DenseCache(NamedTuple):
    """What the backward pass needs from the forward pass."""

    a_prev: Array
    W: Array


def dense_forward(a_prev: Array, W: Array, b: Array) -> tuple[Array, DenseCache]:
    """z = a_prev W + b"""
    z = a_prev @ W
    z += b  # in place: z is ours, and a second (N, units) temporary costs time
    return z, DenseCache(a_prev, W)


def dense_backward(delta: Array, cache: DenseCache, need_grad_input: bool = True
                   ) -> tuple[Array, Array, Array | None]:
    """(∂L/∂W, ∂L/∂b, ∂L/∂a_prev) from δ = ∂L/∂z.

    The first layer's input is the data, whose gradient nobody needs: `need_grad_input=False`
    skips that matrix product.
    """
    dW = cache.a_prev.T @ delta
    db = delta.sum(axis=0)
    grad_a_prev = delta @ cache.W.T if need_grad_input else None
    return dW, db, grad_a_prev
