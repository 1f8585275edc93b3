"""A fully connected network, and backpropagation through it.

For layers l = 1 … L (a⁰ = x):

    forward    zˡ = aˡ⁻¹Wˡ + bˡ          aˡ = fˡ(zˡ)            L = loss(aᴸ, y)
    output     δᴸ = ∂L/∂zᴸ = fᴸ′ applied to ∂L/∂aᴸ  (fused softmax/sigmoid pairs: δᴸ = (aᴸ − y)·scale,
               scale = 1/N for "mean", 1 for "sum")
    backward   ∂L/∂Wˡ = aˡ⁻¹ᵀδˡ         ∂L/∂bˡ = Σₙ δˡ
               δˡ⁻¹ = (δˡWˡᵀ) ⊙ fˡ⁻¹′(zˡ⁻¹)

`Network.trace` runs one such pass and records every value in a `Trace`; `gradients` and
`train_step(record=False)` run the same code without recording, for speed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bp_tutor.nn import notation as n
from bp_tutor.nn.activations import Activation, get_activation
from bp_tutor.nn.init import default_initializer, init_weights
from bp_tutor.nn.layers import DenseCache, dense_backward, dense_forward
from bp_tutor.nn.losses import LOSSES, Loss, reduction_scale
from bp_tutor.nn.optimizers import Optimizer
from bp_tutor.nn.spec import NetworkSpec
from bp_tutor.nn.trace import EntryLayout, Trace

Array = NDArray[np.floating]

# After a softmax Jacobian's δ: the product is taken sample by sample, one Jacobian per row.
PER_SAMPLE = "(per sample)"


@dataclass
class Dense:
    """One layer's parameters and activation: z = a_prev W + b, a = f(z)."""

    W: Array
    b: Array
    activation: Activation

    @property
    def units(self) -> int:
        return int(self.W.shape[1])


class Network:
    """Dense layers, a loss and its reduction, and an optional L2 penalty ½λ Σₗ ‖Wˡ‖²."""

    def __init__(self, layers: Sequence[Dense], loss: Loss | str, reduction: str = "mean",
                 weight_decay: float = 0.0, fuse: bool = True) -> None:
        """`fuse=False` sends softmax + cross-entropy (and sigmoid + BCE) through the generic
        Jacobian path instead of δ = a − y: the tests use it to show both agree."""
        self.layers = list(layers)
        self.loss = LOSSES[loss] if isinstance(loss, str) else loss
        reduction_scale(1, reduction)  # validates the name
        self.reduction = reduction
        self.weight_decay = weight_decay
        self.fuse = fuse
        self._layout_key: object = None
        self._layout: tuple[EntryLayout, ...] = ()
        self._update_key: object = None
        self._update: tuple[EntryLayout, ...] = ()

    # -- construction --------------------------------------------------------------------------
    @classmethod
    def from_spec(cls, spec: NetworkSpec, input_size: int | None = None, fuse: bool = True
                  ) -> Network:
        """Weights from the spec when it gives them, else initialised from its seed."""
        dtype = np.dtype(spec.dtype).type
        rng = np.random.default_rng(spec.seed)
        fan_in = spec.input_size or input_size
        if fan_in is None:
            raise ValueError("the spec gives no input size: pass input_size (e.g. the dataset's)")
        layers = []
        for i, layer in enumerate(spec.layers):
            if spec.weights is not None:
                W = spec.weights[i].astype(dtype)
            else:
                kind = layer.init or default_initializer(layer.activation)
                W = init_weights(kind, fan_in, layer.units, rng, dtype)
            b = (spec.biases[i].astype(dtype) if spec.biases is not None
                 else np.zeros(layer.units, dtype=dtype))
            layers.append(Dense(W, b, get_activation(layer.activation, layer.alpha)))
            fan_in = layer.units
        return cls(layers, spec.loss, spec.reduction, spec.weight_decay, fuse)

    def copy(self) -> Network:
        return Network([Dense(d.W.copy(), d.b.copy(), d.activation) for d in self.layers],
                       self.loss, self.reduction, self.weight_decay, self.fuse)

    @property
    def dtype(self) -> np.dtype[np.floating]:
        return self.layers[0].W.dtype

    @property
    def sizes(self) -> list[int]:
        return [int(self.layers[0].W.shape[0])] + [d.units for d in self.layers]

    @property
    def params(self) -> list[Array]:
        """[W¹, b¹, W², b², …]: the arrays themselves (not copies)."""
        return [p for d in self.layers for p in (d.W, d.b)]

    def set_params(self, params: Sequence[Array]) -> None:
        for i, d in enumerate(self.layers):
            d.W, d.b = params[2 * i], params[2 * i + 1]

    # -- forward only --------------------------------------------------------------------------
    def forward(self, x: Array) -> Array:
        """aᴸ for a batch x (no loss, nothing recorded)."""
        a = np.asarray(x, dtype=self.dtype)
        for d in self.layers:
            z, _ = dense_forward(a, d.W, d.b)
            a = d.activation.forward(z)
        return a

    def predict(self, x: Array) -> NDArray[np.int64]:
        """Class labels: the largest output, or output > 0.5 for a single output unit."""
        out = self.forward(x)
        if out.shape[1] == 1:
            return (out[:, 0] > 0.5).astype(np.int64)
        return out.argmax(axis=1)

    # -- forward and backward ------------------------------------------------------------------
    @property
    def fused(self) -> bool:
        """True when the output activation and the loss cancel to δᴸ = (aᴸ − y)·scale."""
        return self.fuse and self.loss.fused_activation == self.layers[-1].activation.name

    def loss_value(self, x: Array, y: Array) -> float:
        """L(x, y) including the L2 penalty; the gradient check differentiates exactly this."""
        a = np.asarray(x, dtype=self.dtype)
        z = a
        for d in self.layers:
            z, _ = dense_forward(a, d.W, d.b)
            a = d.activation.forward(z)
        y = np.asarray(y, dtype=self.dtype)
        if self.fused:
            value = self.loss.value_from_logits(z, y, self.reduction)
        else:
            value = self.loss.value(a, y, self.reduction)
        return value + self._penalty()

    def _penalty(self) -> float:
        """½λ Σₗ ‖Wˡ‖² (biases are not penalised)."""
        if not self.weight_decay:
            return 0.0
        return 0.5 * self.weight_decay * sum(float(np.vdot(d.W, d.W)) for d in self.layers)

    def gradients(self, x: Array, y: Array) -> tuple[float, list[Array]]:
        """(L, [∂L/∂W¹, ∂L/∂b¹, …]) without recording a trace."""
        return self._pass(x, y, None)

    def trace(self, x: Array, y: Array) -> Trace:
        """One forward and backward pass, every value recorded."""
        values: list[Array | float] = []
        self._pass(x, y, values)
        return Trace(self._pass_layout(), values)

    def train_step(self, x: Array, y: Array, optimizer: Optimizer, record: bool = False
                   ) -> Trace | float:
        """Forward, backward, update. Returns the Trace (with its update entries) if `record`,
        else the loss."""
        values: list[Array | float] | None = [] if record else None
        loss, grads = self._pass(x, y, values)
        new_params = optimizer.step(self.params, grads)
        self.set_params(new_params)
        if values is None:
            return loss
        trace = Trace(self._pass_layout(), values)
        trace.extend(self._update_layout(optimizer), new_params)
        return trace

    def _pass(self, x_in: Array, y_in: Array, record: list[Array | float] | None
              ) -> tuple[float, list[Array]]:
        """Forward and backward. If `record` is a list, every value is appended to it in the
        order of `_pass_layout()`."""
        x: Array = np.asarray(x_in, dtype=self.dtype)
        y: Array = np.asarray(y_in, dtype=self.dtype)
        n_layers = len(self.layers)
        if record is not None:
            record += [x, y, *self.params]

        # Forward: keep every z and a, the backward pass needs them.
        zs: list[Array] = []
        activations: list[Array] = [x]
        caches: list[DenseCache] = []
        fused = self.fused
        loss = 0.0
        for layer, d in enumerate(self.layers, start=1):
            z, cache = dense_forward(activations[-1], d.W, d.b)
            if fused and layer == n_layers:  # aᴸ and L computed together
                a, loss = self.loss.output_and_value(z, y, self.reduction)
            else:
                a = d.activation.forward(z)
            zs.append(z)
            activations.append(a)
            caches.append(cache)
            if record is not None:
                record += (z, a)

        # Loss and the output delta δᴸ = ∂L/∂zᴸ.
        last = self.layers[-1]
        a_out, z_out = activations[-1], zs[-1]
        delta: Array
        if fused:
            delta = a_out - y  # the Jacobian of softmax (or σ′) cancels the loss's 1/a
            scale = reduction_scale(x.shape[0], self.reduction)
            if scale != 1.0:
                delta *= scale
        else:
            loss = self.loss.value(a_out, y, self.reduction)
            delta = last.activation.backward(z_out, a_out, self.loss.grad(a_out, y, self.reduction))
        loss += self._penalty()
        if record is not None:
            record += (np.asarray(loss, dtype=self.dtype), delta)

        # Backward: from δˡ the layer's gradients, then δˡ⁻¹ for the layer below.
        grads: list[Array | None] = [None] * (2 * n_layers)  # [∂L/∂W¹, ∂L/∂b¹, …], filled top down
        for layer in range(n_layers, 0, -1):
            d = self.layers[layer - 1]
            dW, db, grad_a_prev = dense_backward(delta, caches[layer - 1],
                                                 need_grad_input=layer > 1)
            if self.weight_decay:
                dW += self.weight_decay * d.W  # ∂(½λ‖W‖²)/∂W = λW
            grads[2 * layer - 2], grads[2 * layer - 1] = dW, db
            if record is not None:
                record += (dW, db)
            if grad_a_prev is not None:
                # δˡ⁻¹ = ∂L/∂aˡ⁻¹ ⊙ fˡ⁻¹′(zˡ⁻¹). The lists are 0-based with x first in
                # `activations`: zˡ⁻¹ is zs[layer − 2], aˡ⁻¹ is activations[layer − 1].
                below = self.layers[layer - 2]
                delta = below.activation.backward(zs[layer - 2], activations[layer - 1],
                                                  grad_a_prev, out=grad_a_prev)
                if record is not None:
                    record.append(delta)
        return loss, [g for g in grads if g is not None]  # every one is set by now

    # -- how the trace names and writes things ---------------------------------------------
    def _pass_layout(self) -> tuple[EntryLayout, ...]:
        """Names, labels and formulas of a pass, in the order `_pass` records values.

        They depend only on the network's structure, so they are built once and reused.
        """
        key = (self.reduction, self.weight_decay, self.fused, self.loss.name,
               tuple(d.activation for d in self.layers))
        if self._layout_key != key:
            self._layout_key, self._layout = key, tuple(self._build_pass_layout())
        return self._layout

    def _build_pass_layout(self) -> list[EntryLayout]:
        n_layers = len(self.layers)
        out = [
            EntryLayout("x", "x", "x: the input batch, one sample per row", "input", 0, ()),
            EntryLayout("y", "y", "y: the targets, one row per sample", "input", 0, ()),
        ]
        for layer in range(1, n_layers + 1):
            out += [
                EntryLayout(f"W{layer}", n.w_label(layer), f"{n.w_label(layer)}: layer {layer}'s "
                            "weights", "input", layer, ()),
                EntryLayout(f"b{layer}", n.b_label(layer), f"{n.b_label(layer)}: layer {layer}'s "
                            "biases", "input", layer, ()),
            ]
        for layer, d in enumerate(self.layers, start=1):
            out += [
                EntryLayout(f"z{layer}", n.z_label(layer),
                            f"{n.z_label(layer)} = {n.a_label(layer - 1)}{n.w_label(layer)} + "
                            f"{n.b_label(layer)}",
                            "forward", layer, (_a_name(layer - 1), f"W{layer}", f"b{layer}")),
                EntryLayout(f"a{layer}", n.a_label(layer), _activation_formula(d.activation, layer),
                            "forward", layer, (f"z{layer}",)),
            ]
        out += [
            EntryLayout("L", "L", self._loss_formula(), "loss", 0, (f"a{n_layers}", "y")),
            EntryLayout(f"delta{n_layers}", n.delta_label(n_layers), self._output_delta_formula(),
                        "backward", n_layers, self._output_delta_inputs()),
        ]
        for layer in range(n_layers, 0, -1):
            decay = (f" + λ{n.w_label(layer)}   (λ = {self.weight_decay:g})"
                     if self.weight_decay else "")
            out += [
                EntryLayout(f"dW{layer}", n.dw_label(layer),
                            f"{n.dw_label(layer)} = {n.a_label(layer - 1)}ᵀ{n.delta_label(layer)}"
                            f"{decay}", "backward", layer,
                            (_a_name(layer - 1), f"delta{layer}",
                             *((f"W{layer}",) if self.weight_decay else ()))),
                EntryLayout(f"db{layer}", n.db_label(layer),
                            f"{n.db_label(layer)} = Σₙ {n.delta_label(layer)}",
                            "backward", layer, (f"delta{layer}",)),
            ]
            if layer > 1:
                below = self.layers[layer - 2]
                out.append(EntryLayout(
                    f"delta{layer - 1}", n.delta_label(layer - 1),
                    _hidden_delta_formula(below.activation, layer - 1), "backward", layer - 1,
                    (f"delta{layer}", f"W{layer}", *_derivative_inputs(below, layer - 1))))
        return out

    def _update_layout(self, optimizer: Optimizer) -> tuple[EntryLayout, ...]:
        """The update entries: W¹⁺, b¹⁺, … (⁺ marks a value after the step)."""
        key = (optimizer.formula, optimizer.learning_rate, len(self.layers))
        if self._update_key != key:
            self._update_key, self._update = key, tuple(self._build_update_layout(optimizer))
        return self._update

    def _build_update_layout(self, optimizer: Optimizer) -> list[EntryLayout]:
        out = []
        for layer in range(1, len(self.layers) + 1):
            for kind, label, grad_label in (("W", n.w_label(layer), n.dw_label(layer)),
                                            ("b", n.b_label(layer), n.db_label(layer))):
                formula = (optimizer.formula.replace("∂L/∂θ", grad_label).replace("θ", label)
                           + f"   (η = {optimizer.learning_rate:g})")
                out.append(EntryLayout(f"update_{kind}{layer}", f"{label}⁺", formula, "update",
                                       layer, (f"{kind}{layer}", f"d{kind}{layer}")))
        return out

    def _loss_formula(self) -> str:
        last = len(self.layers)
        per_sample = self.loss.formula.replace("aₖ", f"a{n.sup(last)}ₖ")
        total = (f"L = (1/N) Σₙ {per_sample}" if self.reduction == "mean"
                 else f"L = Σₙ {per_sample}")
        return total + (f"  + ½λ Σₗ ‖Wˡ‖²   (λ = {self.weight_decay:g})" if self.weight_decay
                        else "")

    def _output_delta_formula(self) -> str:
        layer = len(self.layers)
        d, a, z = n.delta_label(layer), n.a_label(layer), n.z_label(layer)
        mean = "(1/N)·" if self.reduction == "mean" else ""
        if self.fused:
            return f"{d} = {mean}({a} − y)"
        grad_a = {
            "mse": f"({a} − y)",
            "cross_entropy": f"(−y ⊘ {a})",
            "binary_cross_entropy": f"({a} − y) ⊘ ({a}(1 − {a}))",
        }[self.loss.name]
        act = self.layers[-1].activation
        if not act.is_elementwise:
            return f"{d} = {mean}(diag({a}) − {a}{a}ᵀ)·{grad_a}   {PER_SAMPLE}"
        if act.derivative_from == "none":
            return f"{d} = {mean}{grad_a}"
        return f"{d} = {mean}{grad_a} ⊙ {act.derivative_text(z, a)}"

    def _output_delta_inputs(self) -> tuple[str, ...]:
        layer = len(self.layers)
        if self.fused:
            return (f"a{layer}", "y")
        return (f"a{layer}", "y", *_derivative_inputs(self.layers[-1], layer))


def _a_name(layer: int) -> str:
    return "x" if layer == 0 else f"a{layer}"


def _activation_formula(act: Activation, layer: int) -> str:
    return f"{n.a_label(layer)} = {act.apply_text(n.z_label(layer))}"


def _derivative_inputs(d: Dense, layer: int) -> tuple[str, ...]:
    """The entry f′ is computed from (a for σ, tanh, softmax; z for the ReLU family), if any."""
    source = d.activation.derivative_from
    return () if source == "none" else (f"{source}{layer}",)


def _hidden_delta_formula(act: Activation, layer: int) -> str:
    d, d_up = n.delta_label(layer), n.delta_label(layer + 1)
    w_up = n.w_label(layer + 1)
    a, z = n.a_label(layer), n.z_label(layer)
    back = f"({d_up}{w_up}ᵀ)"
    if act.derivative_from == "none":  # f′ = 1: nothing to multiply by
        return f"{d} = {d_up}{w_up}ᵀ"
    if not act.is_elementwise:
        return f"{d} = (diag({a}) − {a}{a}ᵀ)·{back}   {PER_SAMPLE}"
    return f"{d} = {back} ⊙ {act.derivative_text(z, a)}"
