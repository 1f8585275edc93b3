"""Network specs: the JSON a `bp-tutor trace` file, a preset or a lesson describes a network with.

    {"layers": [{"units": 5, "activation": "sigmoid"}, {"units": 2, "activation": "softmax"}],
     "loss": "cross_entropy", "reduction": "mean",
     "x": [[...]], "y": [[...]], "weights": [...], "biases": [...], "seed": 0}

`parse_spec` checks everything a person can get wrong and raises `SpecError` naming the field
(`layers[1].activation`), what was found and what was expected, so a typo never ends in a traceback.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bp_tutor.nn.activations import ACTIVATIONS
from bp_tutor.nn.datasets import DATASETS
from bp_tutor.nn.init import INITIALIZERS
from bp_tutor.nn.losses import LOSSES, REDUCTIONS
from bp_tutor.nn.optimizers import OPTIMIZERS

DTYPES = ("float64", "float32")
# Layers a student can still follow, and that fit in memory with room to spare: a float64
# 4096×4096 weight matrix is 128 MB.
MAX_UNITS = 4096

_TOP_FIELDS = (
    "layers", "loss", "reduction", "x", "y", "weights", "biases", "seed", "dtype", "inputs",
    "weight_decay", "description", "dataset", "optimizer", "learning_rate", "batch_size", "epochs",
    "trace_samples",
)
_LAYER_FIELDS = ("units", "activation", "alpha", "init")


class SpecError(ValueError):
    """A spec that cannot describe a network: `field` says where, `message` what and why."""

    def __init__(self, field: str, message: str, *, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message
        self.line = line  # where in the file, when known without looking the field up
        self.column = column
        self.path: str | None = None  # set when the spec came from a file
        self.text: str | None = None

    def in_file(self, path: str, text: str) -> SpecError:
        """The same error, knowing the file it is about (so it can point into it)."""
        self.path, self.text = path, text
        return self


@dataclass(frozen=True)
class LayerSpec:
    units: int
    activation: str
    alpha: float | None = None  # LeakyReLU slope
    init: str | None = None  # None: the activation's default (see init.default_initializer)


@dataclass(frozen=True)
class NetworkSpec:
    layers: tuple[LayerSpec, ...]
    loss: str
    reduction: str = "mean"
    inputs: int | None = None  # input width, when neither x nor weights nor a dataset gives it
    x: NDArray[np.float64] | None = None
    y: NDArray[np.float64] | None = None
    weights: tuple[NDArray[np.float64], ...] | None = None
    biases: tuple[NDArray[np.float64], ...] | None = None
    seed: int = 0
    dtype: str = "float64"
    weight_decay: float = 0.0
    description: str = ""
    # Training settings (presets and the lab use them; `trace` ignores them).
    dataset: str | None = None
    optimizer: str = "sgd"
    learning_rate: float = 0.1
    batch_size: int = 32
    epochs: int = 10
    trace_samples: int = 4  # how many dataset rows a trace of a dataset preset shows

    @property
    def input_size(self) -> int | None:
        if self.x is not None:
            return int(self.x.shape[1])
        if self.weights is not None:
            return int(self.weights[0].shape[0])
        return self.inputs


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"expected one of {', '.join(choices)}{hint}"


def _choice(obj: Mapping[str, Any], key: str, field: str, choices: Sequence[str],
            default: str | None = None) -> str:
    if key not in obj:
        if default is None:
            raise SpecError(field, f"missing; {_suggest('', choices)}")
        return default
    value = obj[key]
    if not isinstance(value, str):
        raise SpecError(field, f"must be a string, got {json_type(value)}; "
                               f"expected one of {', '.join(choices)}")
    if value not in choices:
        raise SpecError(field, f"unknown {value!r}; {_suggest(value, choices)}")
    return value


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SpecError(field, f"must be a number, got {json_type(value)}")
    if not math.isfinite(value):
        raise SpecError(field, f"must be a finite number, got {value}")
    return float(value)


def _positive_int(obj: Mapping[str, Any], key: str, field: str, default: int | None,
                  maximum: int | None = None) -> int | None:
    if key not in obj:
        return default
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SpecError(field, f"must be a whole number ≥ 1, got {value!r}")
    if maximum is not None and value > maximum:
        raise SpecError(field, f"is {value}; at most {maximum} is allowed")
    return value


def _matrix(value: Any, field: str) -> NDArray[np.float64]:
    """A non-empty rectangular list of lists of numbers."""
    if not isinstance(value, list) or not value:
        raise SpecError(field, f"must be a non-empty list of rows, got {json_type(value)}")
    width: int | None = None
    rows = []
    for i, row in enumerate(value):
        if not isinstance(row, list):
            raise SpecError(f"{field}[{i}]", f"must be a list of numbers (a row), "
                                             f"got {json_type(row)}")
        if width is None:
            width = len(row)
            if width == 0:
                raise SpecError(f"{field}[{i}]", "is an empty row")
        elif len(row) != width:
            raise SpecError(f"{field}[{i}]", f"has {len(row)} numbers but row 0 has {width}; "
                                             "every row needs the same length")
        rows.append([_number(v, f"{field}[{i}][{j}]") for j, v in enumerate(row)])
    return np.array(rows, dtype=np.float64)


def _vector(value: Any, field: str) -> NDArray[np.float64]:
    if not isinstance(value, list) or not value:
        raise SpecError(field, f"must be a non-empty list of numbers, got {json_type(value)}")
    return np.array([_number(v, f"{field}[{i}]") for i, v in enumerate(value)], dtype=np.float64)


def _shape(m: NDArray[Any]) -> str:
    return "×".join(str(d) for d in m.shape)


def _parse_layer(obj: Any, i: int) -> LayerSpec:
    field = f"layers[{i}]"
    if not isinstance(obj, dict):
        raise SpecError(field, f"must be an object like {{\"units\": 5, \"activation\": "
                               f"\"sigmoid\"}}, got {json_type(obj)}")
    for key in obj:
        if key not in _LAYER_FIELDS:
            raise SpecError(f"{field}.{key}", f"unknown field; {_suggest(key, _LAYER_FIELDS)}")
    if "units" not in obj:
        raise SpecError(f"{field}.units", "missing; how many units the layer has (a whole number ≥ 1)")
    units = _positive_int(obj, "units", f"{field}.units", None, MAX_UNITS)
    assert units is not None
    activation = _choice(obj, "activation", f"{field}.activation", tuple(ACTIVATIONS))
    alpha = None
    if "alpha" in obj:
        if activation != "leaky_relu":
            raise SpecError(f"{field}.alpha", f"only leaky_relu has a slope alpha, "
                                              f"this layer is {activation}")
        alpha = _number(obj["alpha"], f"{field}.alpha")
        if not 0 <= alpha < 1:
            raise SpecError(f"{field}.alpha", f"must be in [0, 1), got {alpha:g}")
    init = _choice(obj, "init", f"{field}.init", INITIALIZERS) if "init" in obj else None
    return LayerSpec(units=units, activation=activation, alpha=alpha, init=init)


def parse_spec(obj: Any, source: str = "spec") -> NetworkSpec:
    """Check a decoded JSON spec and build a NetworkSpec (raises SpecError)."""
    if not isinstance(obj, dict):
        raise SpecError("", f"{source} must hold a JSON object {{...}}, got {json_type(obj)}")
    for key in obj:
        if key not in _TOP_FIELDS:
            raise SpecError(key, f"unknown field; {_suggest(key, _TOP_FIELDS)}")

    raw_layers = obj.get("layers")
    if not isinstance(raw_layers, list) or not raw_layers:
        raise SpecError("layers", "must be a non-empty list of layers like "
                                  "[{\"units\": 5, \"activation\": \"sigmoid\"}]")
    layers = tuple(_parse_layer(layer, i) for i, layer in enumerate(raw_layers))
    loss = _choice(obj, "loss", "loss", tuple(LOSSES))
    reduction = _choice(obj, "reduction", "reduction", REDUCTIONS, default="mean")
    dtype = _choice(obj, "dtype", "dtype", DTYPES, default="float64")
    dataset = _choice(obj, "dataset", "dataset", tuple(DATASETS)) if "dataset" in obj else None
    optimizer = _choice(obj, "optimizer", "optimizer", tuple(OPTIMIZERS), default="sgd")

    seed = obj.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SpecError("seed", f"must be a whole number ≥ 0, got {seed!r}")
    weight_decay = _number(obj.get("weight_decay", 0.0), "weight_decay")
    if weight_decay < 0:
        raise SpecError("weight_decay", f"must be ≥ 0, got {weight_decay:g}")
    learning_rate = _number(obj.get("learning_rate", 0.1), "learning_rate")
    if learning_rate <= 0:
        raise SpecError("learning_rate", f"must be > 0, got {learning_rate:g}")
    description = obj.get("description", "")
    if not isinstance(description, str):
        raise SpecError("description", f"must be a string, got {json_type(description)}")

    x = _matrix(obj["x"], "x") if "x" in obj else None
    y = _matrix(obj["y"], "y") if "y" in obj else None
    if (x is None) != (y is None):
        present, missing = ("x", "y") if x is not None else ("y", "x")
        raise SpecError(missing, f"missing; {present} is given, and a pass needs both inputs x "
                                 "and targets y")
    units = [layer.units for layer in layers]
    _check_output_suits_loss(loss, layers)
    if x is not None and y is not None:
        if y.shape[0] != x.shape[0]:
            raise SpecError("y", f"has {y.shape[0]} rows but x has {x.shape[0]}: one target row "
                                 "per input row")
        if y.shape[1] != units[-1]:
            raise SpecError("y", f"has {y.shape[1]} columns but the last layer has {units[-1]} "
                                 "units: one target per output unit")
        _check_targets(loss, y)

    weights = _parse_weights(obj, x, units) if "weights" in obj else None
    biases = _parse_biases(obj, units) if "biases" in obj else None
    inputs = _positive_int(obj, "inputs", "inputs", None, MAX_UNITS)
    spec = NetworkSpec(
        layers=layers, loss=loss, reduction=reduction, inputs=inputs, x=x, y=y,
        weights=weights, biases=biases, seed=seed, dtype=dtype, weight_decay=weight_decay,
        description=description, dataset=dataset, optimizer=optimizer,
        learning_rate=learning_rate,
        batch_size=_positive_int(obj, "batch_size", "batch_size", 32) or 32,
        epochs=_positive_int(obj, "epochs", "epochs", 10) or 10,
        trace_samples=_positive_int(obj, "trace_samples", "trace_samples", 4) or 4,
    )
    if inputs is not None and spec.x is not None and inputs != spec.x.shape[1]:
        raise SpecError("inputs", f"is {inputs} but x has {spec.x.shape[1]} columns")
    if spec.input_size is None and dataset is None:
        raise SpecError("x", "missing; give inputs x and targets y (or a dataset, or \"inputs\": "
                             "the number of input values)")
    return spec


# The output activations a loss can follow: both cross-entropies take ln a (and BCE ln(1 − a)),
# so the outputs must lie in (0, 1). MSE takes any output.
LOSS_OUTPUTS = {"cross_entropy": ("softmax", "sigmoid"),
                "binary_cross_entropy": ("sigmoid", "softmax")}


def _check_output_suits_loss(loss: str, layers: tuple[LayerSpec, ...]) -> None:
    last = len(layers) - 1
    activation = layers[last].activation
    allowed = LOSS_OUTPUTS.get(loss)
    if allowed is not None and activation not in allowed:
        need = " or ".join(allowed)
        raise SpecError(f"layers[{last}].activation",
                        f"is {activation!r}, but {loss} takes the log of the outputs, so the "
                        f"output layer must be {need} (outputs between 0 and 1)")
    if loss == "cross_entropy" and layers[last].units == 1:
        # −y ln a with one unit: every sample of class 0 (y = 0) adds nothing, whatever a is.
        raise SpecError(f"layers[{last}].units",
                        "is 1, but cross_entropy needs one output unit per class (at least 2); "
                        "for two classes with one unit, use sigmoid and binary_cross_entropy")


def _check_targets(loss: str, y: NDArray[np.float64]) -> None:
    if loss == "cross_entropy":
        if (y < 0).any():
            i, j = np.argwhere(y < 0)[0]
            raise SpecError(f"y[{i}][{j}]", f"is {y[i, j]:g}; cross_entropy targets are "
                                            "probabilities (≥ 0)")
        sums = y.sum(axis=1)
        bad = np.flatnonzero(np.abs(sums - 1.0) > 1e-9)
        if bad.size:
            i = int(bad[0])
            raise SpecError(f"y[{i}]", f"sums to {sums[i]:g}; cross_entropy expects each row of y "
                                       "to be a probability distribution summing to 1 (e.g. one-hot)")
    if loss == "binary_cross_entropy" and ((y < 0) | (y > 1)).any():
        i, j = np.argwhere((y < 0) | (y > 1))[0]
        raise SpecError(f"y[{i}][{j}]", f"is {y[i, j]:g}; binary_cross_entropy targets must lie "
                                        "in [0, 1]")


def _parse_weights(obj: Mapping[str, Any], x: NDArray[np.float64] | None, units: list[int]
                   ) -> tuple[NDArray[np.float64], ...]:
    raw = obj["weights"]
    if not isinstance(raw, list):
        raise SpecError("weights", f"must be a list of matrices, one per layer, got {json_type(raw)}")
    if len(raw) != len(units):
        raise SpecError("weights", f"has {len(raw)} matrices for {len(units)} layers: "
                                   "one matrix per layer")
    weights = tuple(_matrix(w, f"weights[{i}]") for i, w in enumerate(raw))
    fan_in = x.shape[1] if x is not None else weights[0].shape[0]
    for i, (w, n_units) in enumerate(zip(weights, units, strict=True)):
        expected = (fan_in, n_units)
        if w.shape != expected:
            source = "x has" if i == 0 and x is not None else (
                "the network has" if i == 0 else f"layers[{i - 1}] has")
            what = "columns" if i == 0 and x is not None else (
                "inputs" if i == 0 else "units")
            raise SpecError(
                f"weights[{i}]",
                f"is {_shape(w)} but layer {i + 1} needs {expected[0]}×{expected[1]}: "
                f"{fan_in} rows because {source} {fan_in} {what}, "
                f"{n_units} columns because layers[{i}] has {n_units} units",
            )
        fan_in = n_units
    return weights


def _parse_biases(obj: Mapping[str, Any], units: list[int]) -> tuple[NDArray[np.float64], ...]:
    raw = obj["biases"]
    if not isinstance(raw, list):
        raise SpecError("biases", f"must be a list of vectors, one per layer, got {json_type(raw)}")
    if len(raw) != len(units):
        raise SpecError("biases", f"has {len(raw)} vectors for {len(units)} layers: "
                                  "one vector per layer")
    biases = tuple(_vector(b, f"biases[{i}]") for i, b in enumerate(raw))
    for i, (b, n_units) in enumerate(zip(biases, units, strict=True)):
        if b.shape[0] != n_units:
            raise SpecError(f"biases[{i}]", f"has {b.shape[0]} values but layers[{i}] has "
                                            f"{n_units} units: one bias per unit")
    return biases
