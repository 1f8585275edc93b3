"""Optimizers: how a gradient becomes a step.

Each `step` takes the parameters and their gradients and returns the NEW parameter arrays; the old
ones are left untouched. That keeps a recorded Trace's W and b exactly as the pass saw them and lets
training fall back to the last good weights for free.

    SGD        θ ← θ − η g
    Momentum   v ← μv − η g;          θ ← θ + v
    Adam       m ← β₁m + (1 − β₁)g;   s ← β₂s + (1 − β₂)g²
               m̂ = m/(1 − β₁ᵗ);       ŝ = s/(1 − β₂ᵗ);       θ ← θ − η m̂/(√ŝ + ε)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating]


@dataclass
class Optimizer:
    learning_rate: float = 0.1
    name: str = "sgd"
    formula: str = "θ ← θ − η·∂L/∂θ"

    def step(self, params: list[Array], grads: list[Array]) -> list[Array]:
        raise NotImplementedError

    def reset(self) -> None:
        """Forget any state (velocities, moments)."""


@dataclass
class SGD(Optimizer):
    def step(self, params: list[Array], grads: list[Array]) -> list[Array]:
        """θ ← θ − η g"""
        new: list[Array] = []
        for p, g in zip(params, grads, strict=True):
            new_p = g * -self.learning_rate  # −ηg: one new array, then updated in place
            new_p += p  # θ − ηg, without a second temporary
            new.append(new_p)
        return new


@dataclass
class Momentum(Optimizer):
    momentum: float = 0.9
    name: str = "momentum"
    formula: str = "v ← μv − η·∂L/∂θ;  θ ← θ + v"
    _velocity: list[Array] = field(default_factory=list, repr=False)

    def step(self, params: list[Array], grads: list[Array]) -> list[Array]:
        """v ← μv − η g;  θ ← θ + v  (v remembers past steps, so a steady slope speeds up)"""
        if len(self._velocity) != len(params):
            self._velocity = [np.zeros_like(p) for p in params]
        lr, mu = self.learning_rate, self.momentum
        new: list[Array] = []
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            v = self._velocity[i]
            v *= mu  # v ← μv − ηg, in place: the velocity is ours alone
            v -= lr * g
            new.append(p + v)
        return new

    def reset(self) -> None:
        self._velocity = []


@dataclass
class Adam(Optimizer):
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    name: str = "adam"
    formula: str = "θ ← θ − η·m̂/(√ŝ + ε)"
    _m: list[Array] = field(default_factory=list, repr=False)
    _s: list[Array] = field(default_factory=list, repr=False)
    _t: int = 0

    def step(self, params: list[Array], grads: list[Array]) -> list[Array]:
        """m ← β₁m + (1 − β₁)g;  s ← β₂s + (1 − β₂)g²;  θ ← θ − η m̂/(√ŝ + ε)

        m̂ = m/(1 − β₁ᵗ) and ŝ = s/(1 − β₂ᵗ) undo the pull towards 0 of moments that start at 0.
        """
        if len(self._m) != len(params):
            self._m = [np.zeros_like(p) for p in params]
            self._s = [np.zeros_like(p) for p in params]
            self._t = 0
        self._t += 1
        b1, b2 = self.beta1, self.beta2
        correction1 = 1.0 - b1**self._t
        correction2 = 1.0 - b2**self._t
        new: list[Array] = []
        for p, g, m, s in zip(params, grads, self._m, self._s, strict=True):
            m *= b1
            m += (1.0 - b1) * g
            s *= b2
            s += (1.0 - b2) * (g * g)
            m_hat = m / correction1
            s_hat = s / correction2
            new.append(p - self.learning_rate * m_hat / (np.sqrt(s_hat) + self.eps))
        return new

    def reset(self) -> None:
        self._m, self._s, self._t = [], [], 0


OPTIMIZERS: dict[str, type[Optimizer]] = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def make_optimizer(name: str, learning_rate: float) -> Optimizer:
    try:
        cls = OPTIMIZERS[name]
    except KeyError:
        raise ValueError(f"unknown optimizer {name!r}; expected one of "
                         f"{', '.join(OPTIMIZERS)}") from None
    return cls(learning_rate=learning_rate)
