"""Gradient checking: compare backpropagation with centred finite differences.

For each parameter θᵢ:   ∂L/∂θᵢ ≈ (L(θᵢ + ε) − L(θᵢ − ε)) / 2ε      (error O(ε²))

Per parameter tensor the relative error ‖g_backprop − g_numeric‖ / (‖g_backprop‖ + ‖g_numeric‖)
gives the verdict. In float64 with ε = 1e-5 a correct gradient lands near 1e-9 or below; a real bug
(a transposed dW, a missing 1/N, a wrong derivative) lands far above 1e-4. ReLU kinks can push a
correct gradient up when an input sits within ε of 0: f′ jumps there, and a difference across
the jump measures neither side's slope. Such a tensor is reported "at a kink", not "wrong".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bp_tutor.nn import notation as n
from bp_tutor.nn.network import Network
from bp_tutor.nn.trace import Trace

Array = NDArray[np.floating]

# (upper bound of the relative error, verdict), checked in order
VERDICTS: tuple[tuple[float, str], ...] = (
    (1e-7, "correct"),
    (1e-5, "probably correct"),
    (1e-3, "suspicious"),
    (float("inf"), "wrong"),
)
PASS_THRESHOLD = 1e-5
# Finite differences cannot resolve a gradient smaller than their own rounding noise: each entry's
# (L(θ + ε) − L(θ − ε))/2ε carries about u·max(|L|, 1)/ε of it (u: float64's unit roundoff). When
# both gradients are below RESOLVABLE times that noise (as a norm over the checked entries), e.g.
# behind saturated sigmoids, the relative error compares noise with noise: neither "correct" nor
# "wrong" would be true.
RESOLVABLE = 1e3
NOTHING_TO_COMPARE = "too small to compare"
AT_A_KINK = "at a kink"
# f′ jumps at z = 0 for these; a nudge of ε to one parameter moves a z by about ε·|input|, and
# through the layers above by a few times that: KINK_REACH·ε·max(1, |input|) is "within reach".
KINKED = ("relu", "leaky_relu")
KINK_REACH = 10.0


def noise_floor(loss: float, eps: float, entries: int) -> float:
    """The norm of the rounding noise in `entries` centred differences of a loss of size `loss`."""
    return float(np.finfo(np.float64).eps * max(abs(loss), 1.0) / eps * np.sqrt(entries))


def verdict_for(rel_error: float) -> str:
    for bound, verdict in VERDICTS:
        if rel_error < bound:
            return verdict
    return "wrong"  # NaN


@dataclass(frozen=True)
class GradCheckRow:
    name: str  # "W1", "b1", ...
    label: str  # "∂L/∂W¹"
    analytic: Array  # the checked entries, flattened
    numeric: Array
    rel_error: float
    verdict: str


@dataclass(frozen=True)
class Kink:
    """A pre-activation of a ReLU-family layer within reach of 0: `label` is e.g. "z¹[0,2]"."""

    label: str
    value: float
    layer: int  # nudges of this layer's parameters, or of those below, can reach it


@dataclass(frozen=True)
class GradCheckReport:
    rows: tuple[GradCheckRow, ...]
    kinks: tuple[Kink, ...] = ()

    @property
    def compared(self) -> tuple[GradCheckRow, ...]:
        """The rows whose comparison means something: gradients big enough to resolve, and no
        kink within reach (the others say nothing either way)."""
        return tuple(row for row in self.rows if row.verdict not in (NOTHING_TO_COMPARE, AT_A_KINK))

    def kinks_text(self, most: int = 3) -> str:
        """"z¹[1,1] = 0, z¹[3,2] = 3e-07": the first few pre-activations at a kink, counted from 1."""
        shown = ", ".join(f"{kink.label} = {kink.value:.3g}" for kink in self.kinks[:most])
        return shown + (", …" if len(self.kinks) > most else "")

    @property
    def passed(self) -> bool:
        return all(row.rel_error < PASS_THRESHOLD for row in self.compared)

    @property
    def worst(self) -> float:
        return max((row.rel_error for row in self.compared), default=0.0)


def relative_error(a: Array, b: Array) -> float:
    denom = float(np.linalg.norm(a) + np.linalg.norm(b))
    if denom == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b)) / denom


def numeric_gradient(net: Network, x: Array, y: Array, param_index: int,
                     entries: NDArray[np.intp], eps: float = 1e-5) -> Array:
    """Centred differences of net.loss_value for the chosen flat entries of one parameter."""
    param = net.params[param_index]
    flat = param.reshape(-1)  # a view: nudging it nudges the network
    out = np.empty(len(entries), dtype=np.float64)
    for k, i in enumerate(entries):
        saved = flat[i]
        flat[i] = saved + eps
        plus = net.loss_value(x, y)
        flat[i] = saved - eps
        minus = net.loss_value(x, y)
        flat[i] = saved
        out[k] = (plus - minus) / (2 * eps)
    return out


def kinks_within_reach(net: Network, trace: Trace, eps: float) -> tuple[Kink, ...]:
    """Every z of a ReLU or LeakyReLU layer (read from the pass's `trace`) that a nudge of ε
    could carry across 0."""
    found: list[Kink] = []
    for layer, d in enumerate(net.layers, start=1):
        if d.activation.name not in KINKED:
            continue
        a_prev = trace["x" if layer == 1 else f"a{layer - 1}"].value
        z = trace[f"z{layer}"].value
        reach = KINK_REACH * eps * max(1.0, float(np.abs(a_prev).max(initial=0.0)))
        for row, column in np.argwhere(np.abs(z) <= reach):
            found.append(Kink(f"{n.z_label(layer)}[{row + 1},{column + 1}]", float(z[row, column]),
                              layer))
    return tuple(found)


def gradcheck(net: Network, x: Array, y: Array, eps: float = 1e-5,
              max_entries: int = 400, seed: int = 0) -> GradCheckReport:
    """Check every parameter tensor of `net` on (x, y).

    Runs on a float64 copy (float32 cannot resolve ε-sized differences). Tensors with more than
    `max_entries` entries are checked on a random sample of that many.
    """
    net64 = net.copy()
    net64.set_params([p.astype(np.float64) for p in net64.params])
    x64 = np.asarray(x, dtype=np.float64)
    y64 = np.asarray(y, dtype=np.float64)
    loss, grads = net64.gradients(x64, y64)  # what is checked: the network's own backprop
    # The z's, from the engine's recorded pass (one more pass beside the hundreds below).
    kinks = kinks_within_reach(net64, net64.trace(x64, y64), eps)
    rng = np.random.default_rng(seed)
    rows = []
    for index, grad in enumerate(grads):
        size = grad.size
        entries = (np.arange(size) if size <= max_entries
                   else np.sort(rng.choice(size, max_entries, replace=False)))
        numeric = numeric_gradient(net64, x64, y64, index, entries, eps)
        analytic = grad.reshape(-1)[entries].astype(np.float64)
        layer = index // 2 + 1
        is_weight = index % 2 == 0
        name = f"{'W' if is_weight else 'b'}{layer}"
        label = n.dw_label(layer) if is_weight else n.db_label(layer)
        err = relative_error(analytic, numeric)
        size_of_both = max(np.linalg.norm(analytic), np.linalg.norm(numeric))
        too_small = size_of_both < RESOLVABLE * noise_floor(loss, eps, len(entries))
        verdict = NOTHING_TO_COMPARE if too_small else verdict_for(err)
        reachable = any(kink.layer >= layer for kink in kinks)
        if reachable and err >= PASS_THRESHOLD and not too_small:
            verdict = AT_A_KINK  # the differences may straddle a jump of f′: no verdict
        rows.append(GradCheckRow(name, label, analytic, numeric, err, verdict))
    return GradCheckReport(tuple(rows), kinks)
