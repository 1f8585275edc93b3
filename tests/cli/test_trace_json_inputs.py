"""`trace --format json` carries the pass's inputs (x, y, each layer's W and b) after the results,
so a tool can recompute every number from the export alone."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bp_tutor.cli import main
from tests.cli.test_trace_and_train import SPEC

PRESETS_DIR = Path(__file__).resolve().parents[2] / "lessons" / "presets"


def _export(capsys: pytest.CaptureFixture[str], spec: str) -> dict:
    assert main(["trace", spec, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_keys_of_the_design_come_first_and_in_order(capsys):
    data = _export(capsys, "toy-452")
    assert list(data) == ["loss", "layers", "x", "y"]
    assert [list(layer) for layer in data["layers"]] == [
        ["z", "a", "delta", "dW", "db", "W", "b"]] * 2


def test_inputs_are_the_spec_files_own_numbers(capsys, tmp_path):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    data = _export(capsys, str(path))
    assert data["x"] == SPEC["x"]
    assert data["y"] == SPEC["y"]
    assert [layer["W"] for layer in data["layers"]] == SPEC["weights"]
    assert [layer["b"] for layer in data["layers"]] == SPEC["biases"]


@pytest.mark.parametrize("preset", ["toy-452", "neuron", "dense"])
def test_inputs_of_a_preset_are_those_in_its_file(capsys, preset):
    """Read straight from the preset's JSON file, not through the engine's loader."""
    raw = json.loads((PRESETS_DIR / f"{preset}.json").read_text(encoding="utf-8"))
    data = _export(capsys, preset)
    np.testing.assert_array_equal(data["x"], raw["x"])
    np.testing.assert_array_equal(data["y"], raw["y"])
    for layer, weights, biases in zip(data["layers"], raw["weights"], raw["biases"], strict=True):
        np.testing.assert_array_equal(layer["W"], weights)
        np.testing.assert_array_equal(layer["b"], biases)


def test_the_xor_presets_inputs_are_the_truth_table(capsys):
    data = _export(capsys, "xor")
    assert sorted(map(tuple, data["x"])) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert data["y"] == [[float(int(a) ^ int(b))] for a, b in data["x"]]
    assert [np.shape(layer["W"]) for layer in data["layers"]] == [(2, 4), (4, 1)]


@pytest.mark.parametrize("preset", ["spiral", "moons", "blobs", "digits"])
def test_every_result_can_be_recomputed_from_the_exported_inputs(capsys, preset):
    """Presets whose weights come from a seed and whose x and y come from a dataset: the export
    is all a tool has. Their layers are (ReLU | tanh | LeakyReLU) → softmax under mean
    cross-entropy, recomputed here by hand."""
    raw = json.loads((PRESETS_DIR / f"{preset}.json").read_text(encoding="utf-8"))
    hidden = raw["layers"][0]
    data = _export(capsys, preset)
    x, y = np.array(data["x"]), np.array(data["y"])
    (W1, b1), (W2, b2) = ((np.array(layer["W"]), np.array(layer["b"]))
                          for layer in data["layers"])
    assert W1.shape == (x.shape[1], hidden["units"]) and y.shape[1] == W2.shape[1]
    alpha = hidden.get("alpha", 0.01)
    f, f_prime = {
        "relu": (lambda z: np.maximum(z, 0), lambda z, a: (z > 0) * 1.0),
        "tanh": (np.tanh, lambda z, a: 1 - a**2),
        "leaky_relu": (lambda z: np.where(z > 0, z, alpha * z),
                       lambda z, a: np.where(z > 0, 1.0, alpha)),
    }[hidden["activation"]]
    z1 = x @ W1 + b1
    a1 = f(z1)
    z2 = a1 @ W2 + b2
    a2 = np.exp(z2 - z2.max(1, keepdims=True))
    a2 /= a2.sum(1, keepdims=True)
    n = len(x)
    d2 = (a2 - y) / n
    d1 = (d2 @ W2.T) * f_prime(z1, a1)
    assert data["loss"] == pytest.approx(-(y * np.log(a2)).sum() / n, rel=1e-12)
    layer1, layer2 = data["layers"]
    for got, expected in [(layer1["z"], z1), (layer1["a"], a1), (layer2["a"], a2),
                          (layer2["delta"], d2), (layer2["dW"], a1.T @ d2),
                          (layer2["db"], d2.sum(0)), (layer1["delta"], d1),
                          (layer1["dW"], x.T @ d1), (layer1["db"], d1.sum(0))]:
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-14)
