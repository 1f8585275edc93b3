"""Activation functions, each with its forward pass and its derivative.

Every activation f maps a pre-activation z to a = f(z), element by element (softmax: row by row).
Backpropagation needs ∂L/∂z from ∂L/∂a:

    elementwise f:   ∂L/∂z = ∂L/∂a ⊙ f′(z)
    softmax:         ∂L/∂z = J(a)ᵀ ∂L/∂a   with the Jacobian J(a) = diag(a) − a aᵀ (symmetric)

`backward` computes exactly that; `derivative` gives f′(z) itself for the lessons and quizzes.
Where f′ is cheaper from the output a than from z (σ′ = a(1 − a), tanh′ = 1 − a²), the output
is passed in too, so nothing is computed twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating]


@dataclass(frozen=True)
class Activation:
    """An elementwise activation. Subclasses override `forward` and `derivative`."""

    name: str = "identity"
    symbol: str = "id"  # how formulas write f, e.g. "σ" in "a¹ = σ(z¹)"
    derivative_formula: str = "1"  # f′ written with the layer's own names, see `derivative_text`
    # What f′ is computed from: the output "a" (σ′ = a(1 − a)), the input "z" (ReLU′ = [z > 0]),
    # or nothing at all (identity′ = 1). The trace highlights that entry.
    derivative_from: str = "none"

    def forward(self, z: Array) -> Array:
        """identity: a = z"""
        return z

    def derivative(self, z: Array, a: Array | None = None) -> Array:
        """identity: f′(z) = 1"""
        return np.ones_like(z)

    def backward(self, z: Array, a: Array, grad_a: Array, out: Array | None = None) -> Array:
        """∂L/∂z = ∂L/∂a ⊙ f′(z)

        Written into `out` when it is given, which may be `grad_a` itself: a training step passes
        its own temporary ∂L/∂a, and saves allocating another array of the same size.
        """
        return np.multiply(grad_a, self.derivative(z, a), out=out)

    def derivative_text(self, z: str, a: str) -> str:
        """f′(z) written with the names of this layer's z and a, e.g. "a¹(1 − a¹)".

        Always one factor, a sum in parentheses ("(1 − (a¹)²)"): formulas put it after ⊙.
        """
        return self.derivative_formula.format(z=z, a=a)

    def apply_text(self, z: str) -> str:
        """f(z) written with this layer's z, e.g. "σ(z¹)"; the identity leaves z as it is."""
        return z if self.name == "identity" else f"{self.symbol}({z})"

    @property
    def is_elementwise(self) -> bool:
        return True


@dataclass(frozen=True)
class Sigmoid(Activation):
    name: str = "sigmoid"
    symbol: str = "σ"
    derivative_formula: str = "{a}(1 − {a})"
    derivative_from: str = "a"

    def forward(self, z: Array) -> Array:
        """σ(z) = 1 / (1 + e⁻ᶻ)"""
        # e⁻ᶻ overflows to inf for z < −709; 1/(1 + inf) = 0 is then the exact limit.
        with np.errstate(over="ignore"):
            return 1.0 / (1.0 + np.exp(-z))

    def derivative(self, z: Array, a: Array | None = None) -> Array:
        """σ′(z) = σ(z)(1 − σ(z))"""
        s = self.forward(z) if a is None else a
        return s * (1.0 - s)


@dataclass(frozen=True)
class Tanh(Activation):
    name: str = "tanh"
    symbol: str = "tanh"
    derivative_formula: str = "(1 − ({a})²)"
    derivative_from: str = "a"

    def forward(self, z: Array) -> Array:
        """tanh(z) = (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ) = 2σ(2z) − 1"""
        return np.tanh(z)

    def derivative(self, z: Array, a: Array | None = None) -> Array:
        """tanh′(z) = 1 − tanh²(z)"""
        t = np.tanh(z) if a is None else a
        return 1.0 - t * t


@dataclass(frozen=True)
class ReLU(Activation):
    name: str = "relu"
    symbol: str = "ReLU"
    derivative_formula: str = "[{z} > 0]"
    derivative_from: str = "z"

    def forward(self, z: Array) -> Array:
        """ReLU(z) = max(0, z)"""
        return np.maximum(z, 0.0)

    def derivative(self, z: Array, a: Array | None = None) -> Array:
        """ReLU′(z) = 1 if z > 0 else 0 (at the kink z = 0 we take 0, as most libraries do)"""
        return (z > 0).astype(z.dtype)

    def backward(self, z: Array, a: Array, grad_a: Array, out: Array | None = None) -> Array:
        """∂L/∂z = ∂L/∂a ⊙ [z > 0] (multiplying by the mask is faster than np.where)"""
        return np.multiply(grad_a, z > 0, out=out)


@dataclass(frozen=True)
class LeakyReLU(Activation):
    name: str = "leaky_relu"
    symbol: str = "LeakyReLU"
    derivative_formula: str = "([{z} > 0] + α[{z} ≤ 0])"
    derivative_from: str = "z"
    alpha: float = 0.01

    def forward(self, z: Array) -> Array:
        """LeakyReLU(z) = z if z > 0 else αz"""
        return np.where(z > 0, z, self.alpha * z)

    def derivative(self, z: Array, a: Array | None = None) -> Array:
        """LeakyReLU′(z) = 1 if z > 0 else α"""
        return np.where(z > 0, 1.0, self.alpha).astype(z.dtype)

    def derivative_text(self, z: str, a: str) -> str:
        return f"([{z} > 0] + {self.alpha:g}·[{z} ≤ 0])"

    def apply_text(self, z: str) -> str:
        return f"LeakyReLU({z}), α = {self.alpha:g}"

    def with_alpha(self, alpha: float) -> LeakyReLU:
        return LeakyReLU(alpha=alpha)


@dataclass(frozen=True)
class Softmax(Activation):
    name: str = "softmax"
    symbol: str = "softmax"
    derivative_formula: str = "diag({a}) − {a}{a}ᵀ"
    derivative_from: str = "a"

    def forward(self, z: Array) -> Array:
        """softmax(z)ᵢ = e^(zᵢ − m) / Σₖ e^(zₖ − m), m = maxₖ zₖ

        Subtracting the row maximum changes nothing mathematically (it cancels between numerator
        and denominator) but keeps every exponent ≤ 0, so e^(…) cannot overflow.
        """
        _, e, total = self.exponentials(z)
        return e / total

    @staticmethod
    def exponentials(z: Array) -> tuple[Array, Array, Array]:
        """(z − m, e^(z − m), Σₖ e^(zₖ − m)) per row, m = maxₖ zₖ: what softmax and ln softmax
        (the cross-entropy) are both made of."""
        shifted = z - z.max(axis=-1, keepdims=True)
        e = np.exp(shifted)
        return shifted, e, e.sum(axis=-1, keepdims=True)

    def derivative(self, z: Array, a: Array | None = None) -> Array:
        """The Jacobian per sample, shape (N, K, K): ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ), i.e. diag(a) − a aᵀ.

        Diagonal entries aᵢ(1 − aᵢ); off-diagonal entries −aᵢaⱼ.
        """
        s = self.forward(z) if a is None else a
        return self.jacobian(s)

    @staticmethod
    def jacobian(a: Array) -> Array:
        """J = diag(a) − a aᵀ for each row a (returns shape (N, K, K))."""
        a2 = np.atleast_2d(a)
        jac = -a2[:, :, None] * a2[:, None, :]
        idx = np.arange(a2.shape[1])
        jac[:, idx, idx] += a2
        return jac

    def backward(self, z: Array, a: Array, grad_a: Array, out: Array | None = None) -> Array:
        """∂L/∂z = Jᵀ g = a ⊙ (g − (g·a)), the Jacobian-vector product without building J."""
        return np.multiply(a, grad_a - (grad_a * a).sum(axis=-1, keepdims=True), out=out)

    @property
    def is_elementwise(self) -> bool:
        return False


ACTIVATIONS: dict[str, Activation] = {
    act.name: act
    for act in (Activation(), Sigmoid(), Tanh(), ReLU(), LeakyReLU(), Softmax())
}


def get_activation(name: str, alpha: float | None = None) -> Activation:
    """The activation called `name` (KeyError if unknown); `alpha` sets LeakyReLU's slope."""
    act = ACTIVATIONS[name]
    if isinstance(act, LeakyReLU) and alpha is not None:
        return act.with_alpha(alpha)
    return act
