"""An independent, deliberately naive reference for the engine's tests.

Nothing here imports bp_tutor: forward passes are written out with explicit loops over samples,
and gradients come from centred finite differences of that forward pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np


def act(name: str, z: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    if name == "identity":
        return z.copy()
    if name == "sigmoid":
        return np.array([[1 / (1 + math.exp(-v)) for v in row] for row in z])
    if name == "tanh":
        return np.array([[math.tanh(v) for v in row] for row in z])
    if name == "relu":
        return np.array([[v if v > 0 else 0.0 for v in row] for row in z])
    if name == "leaky_relu":
        return np.array([[v if v > 0 else alpha * v for v in row] for row in z])
    if name == "softmax":
        out = []
        for row in z:
            m = max(row)
            e = [math.exp(v - m) for v in row]
            s = sum(e)
            out.append([v / s for v in e])
        return np.array(out)
    raise ValueError(name)


def loss(name: str, a: np.ndarray, y: np.ndarray, reduction: str) -> float:
    total = 0.0
    for a_row, y_row in zip(a, y, strict=True):
        for ak, yk in zip(a_row, y_row, strict=True):
            if name == "mse":
                total += 0.5 * (ak - yk) ** 2
            elif name == "cross_entropy":
                total += -yk * math.log(ak) if yk else 0.0
            elif name == "binary_cross_entropy":
                total += -(yk * math.log(ak) + (1 - yk) * math.log(1 - ak))
    return total / len(a) if reduction == "mean" else total


def forward(x: np.ndarray, weights: list[np.ndarray], biases: list[np.ndarray],
            activations: list[str], alpha: float = 0.01) -> list[tuple[np.ndarray, np.ndarray]]:
    """[(z¹, a¹), (z², a²), ...] with z computed entry by entry."""
    out = []
    a = x
    for W, b, name in zip(weights, biases, activations, strict=True):
        z = np.zeros((a.shape[0], W.shape[1]))
        for n in range(a.shape[0]):
            for j in range(W.shape[1]):
                z[n, j] = sum(a[n, i] * W[i, j] for i in range(W.shape[0])) + b[j]
        a = act(name, z, alpha)
        out.append((z, a))
    return out


def total_loss(x, y, weights, biases, activations, loss_name, reduction, alpha=0.01,
               weight_decay=0.0) -> float:
    a = forward(x, weights, biases, activations, alpha)[-1][1]
    penalty = 0.5 * weight_decay * sum(float((W * W).sum()) for W in weights)
    return loss(loss_name, a, y, reduction) + penalty


def finite_difference(f: Callable[[], float], array: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """∂f/∂array by centred differences, nudging `array` in place."""
    grad = np.zeros_like(array)
    it = np.nditer(array, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        saved = array[i]
        array[i] = saved + eps
        plus = f()
        array[i] = saved - eps
        minus = f()
        array[i] = saved
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)
