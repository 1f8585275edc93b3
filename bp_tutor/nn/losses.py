"""Loss functions with "mean" and "sum" reduction.

Per sample n (a row of the batch), with network output a and target y:

    mse                    ½ Σₖ (aₖ − yₖ)²
    cross_entropy          −Σₖ yₖ ln aₖ
    binary_cross_entropy   −Σₖ [yₖ ln aₖ + (1 − yₖ) ln(1 − aₖ)]

"sum" adds the per-sample losses; "mean" divides that sum by N. Every gradient below therefore
carries the factor 1/N under "mean" (`scale`).

Two pairs are *fused*: softmax + cross_entropy and sigmoid + binary_cross_entropy. Computed from
the logits z, their loss is numerically safe (log-sum-exp, softplus) and their δ = ∂L/∂z collapses
to (a − y)·scale: the Jacobian of the output activation cancels against the loss's 1/a.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bp_tutor.nn.activations import Sigmoid, Softmax

Array = NDArray[np.floating]

REDUCTIONS = ("mean", "sum")
SIGMOID = Sigmoid()
SOFTMAX = Softmax()


def reduction_scale(n_samples: int, reduction: str) -> float:
    """1/N for "mean", 1 for "sum"."""
    if reduction == "mean":
        return 1.0 / n_samples
    if reduction == "sum":
        return 1.0
    raise ValueError(f"unknown reduction {reduction!r}; expected one of {', '.join(REDUCTIONS)}")


@dataclass(frozen=True)
class Loss:
    name: str
    formula: str  # per-sample loss, written with the output layer's names
    fused_activation: str | None = None  # the output activation it fuses with, if any

    def value(self, a: Array, y: Array, reduction: str = "mean") -> float:
        raise NotImplementedError

    def grad(self, a: Array, y: Array, reduction: str = "mean") -> Array:
        """∂L/∂a for the reduced loss."""
        raise NotImplementedError

    def value_from_logits(self, z: Array, y: Array, reduction: str = "mean") -> float:
        """The fused loss computed from the output layer's z (only for fused pairs)."""
        return self.output_and_value(z, y, reduction)[1]

    def output_and_value(self, z: Array, y: Array, reduction: str = "mean") -> tuple[Array, float]:
        """(a, L) for a fused pair: the output activation and the loss together (softmax and
        cross-entropy share their exponentials, so a training step computes e^z once)."""
        raise NotImplementedError


@dataclass(frozen=True)
class MSE(Loss):
    name: str = "mse"
    formula: str = "½ Σₖ (aₖ − yₖ)²"

    def value(self, a: Array, y: Array, reduction: str = "mean") -> float:
        """L = scale · ½ Σₙ Σₖ (aₙₖ − yₙₖ)²"""
        diff = a - y
        return float(0.5 * np.vdot(diff, diff) * reduction_scale(a.shape[0], reduction))

    def grad(self, a: Array, y: Array, reduction: str = "mean") -> Array:
        """∂L/∂a = scale · (a − y): the ½ cancels the 2 of the square."""
        return (a - y) * reduction_scale(a.shape[0], reduction)


@dataclass(frozen=True)
class CrossEntropy(Loss):
    name: str = "cross_entropy"
    formula: str = "−Σₖ yₖ ln aₖ"
    fused_activation: str | None = "softmax"

    def value(self, a: Array, y: Array, reduction: str = "mean") -> float:
        """L = −scale · Σₙ Σₖ yₙₖ ln aₙₖ (terms with yₙₖ = 0 contribute 0, even where aₙₖ = 0)"""
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(y != 0, y * np.log(a), 0.0)
        return float(-terms.sum() * reduction_scale(a.shape[0], reduction))

    def grad(self, a: Array, y: Array, reduction: str = "mean") -> Array:
        """∂L/∂aₖ = −scale · yₖ / aₖ"""
        with np.errstate(divide="ignore", invalid="ignore"):
            g = np.where(y != 0, -y / a, 0.0)
        return g * reduction_scale(a.shape[0], reduction)

    def output_and_value(self, z: Array, y: Array, reduction: str = "mean") -> tuple[Array, float]:
        """a = softmax(z) and L = −Σₖ yₖ ln aₖ, with ln aₖ = zₖ − lse(z), lse = ln Σⱼ e^(zⱼ).

        Both shift z by its row maximum m first (lse = m + ln Σⱼ e^(zⱼ − m)), so no exponent is
        positive, and the loss never takes the log of a rounded-off 0: logits of ±1000 still
        give a finite loss.
        """
        shifted, e, total = SOFTMAX.exponentials(z)
        a = e / total  # softmax(z), exactly as the activation computes it
        log_a = shifted - np.log(total)
        return a, float(-np.vdot(y, log_a) * reduction_scale(z.shape[0], reduction))


@dataclass(frozen=True)
class BinaryCrossEntropy(Loss):
    name: str = "binary_cross_entropy"
    formula: str = "−Σₖ [yₖ ln aₖ + (1 − yₖ) ln(1 − aₖ)]"
    fused_activation: str | None = "sigmoid"

    def value(self, a: Array, y: Array, reduction: str = "mean") -> float:
        """L = −scale · Σₙ Σₖ [yₙₖ ln aₙₖ + (1 − yₙₖ) ln(1 − aₙₖ)]

        A term whose weight (y or 1 − y) is 0 contributes 0, even where its log is −∞.
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            pos = np.where(y != 0, y * np.log(a), 0.0)
            neg = np.where(y != 1, (1.0 - y) * np.log1p(-a), 0.0)
        return float(-(pos + neg).sum() * reduction_scale(a.shape[0], reduction))

    def grad(self, a: Array, y: Array, reduction: str = "mean") -> Array:
        """∂L/∂aₖ = scale · (aₖ − yₖ) / (aₖ(1 − aₖ))"""
        with np.errstate(divide="ignore", invalid="ignore"):
            g = (a - y) / (a * (1.0 - a))
        return g * reduction_scale(a.shape[0], reduction)

    def output_and_value(self, z: Array, y: Array, reduction: str = "mean") -> tuple[Array, float]:
        """a = σ(z) and, per element, −[y ln a + (1 − y) ln(1 − a)] = max(z, 0) − y z + ln(1 + e^(−|z|)),
        which no z can overflow."""
        a = SIGMOID.forward(z)
        per = np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z)))
        return a, float(per.sum() * reduction_scale(z.shape[0], reduction))


LOSSES: dict[str, Loss] = {loss.name: loss for loss in (MSE(), CrossEntropy(), BinaryCrossEntropy())}
