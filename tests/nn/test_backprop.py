"""Every activation × loss × reduction: backpropagation against centred finite differences."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bp_tutor.nn import Network, parse_spec

from .reference import finite_difference, forward, rel_error, total_loss

HIDDEN = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]
OUTPUT = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]
LOSSES = ["mse", "cross_entropy", "binary_cross_entropy"]
REDUCTIONS = ["mean", "sum"]


def _valid(output: str, loss: str) -> bool:
    # cross-entropy and BCE take logs of the outputs: they need outputs in (0, 1).
    if loss == "cross_entropy":
        return output in ("softmax", "sigmoid")
    if loss == "binary_cross_entropy":
        return output in ("sigmoid", "softmax")
    return True


def _targets(rng, n, k, loss):
    if loss == "cross_entropy":
        return np.eye(k)[rng.integers(0, k, n)]
    if loss == "binary_cross_entropy":
        return rng.integers(0, 2, (n, k)).astype(float)
    return rng.normal(size=(n, k))


def _check(hidden, output, loss, reduction, seed, weight_decay=0.0, alpha=0.1):
    rng = np.random.default_rng(seed)
    n, sizes = 3, [4, 5, 3]
    x = rng.normal(size=(n, sizes[0]))
    y = _targets(rng, n, sizes[-1], loss)
    weights = [rng.normal(scale=0.7, size=(sizes[i], sizes[i + 1])) for i in range(2)]
    biases = [rng.normal(scale=0.3, size=sizes[i + 1]) for i in range(2)]
    layers = [{"units": 5, "activation": hidden}, {"units": 3, "activation": output}]
    for layer in layers:
        if layer["activation"] == "leaky_relu":
            layer["alpha"] = alpha
    spec = parse_spec({
        "layers": layers, "loss": loss, "reduction": reduction, "x": x.tolist(), "y": y.tolist(),
        "weights": [w.tolist() for w in weights], "biases": [b.tolist() for b in biases],
        "weight_decay": weight_decay,
    })
    acts = [hidden, output]
    # ReLU-family kinks: finite differences are meaningless within eps of z = 0.
    for z, _ in forward(x, weights, biases, acts, alpha):
        assert np.abs(z).min() > 1e-4, "this seed puts a pre-activation on a ReLU kink"
    net = Network.from_spec(spec)
    trace = net.trace(x, y)

    def f():
        return total_loss(x, y, weights, biases, acts, loss, reduction, alpha, weight_decay)

    assert trace.loss == pytest.approx(f(), rel=1e-10)
    for layer in (1, 2):
        num_w = finite_difference(f, weights[layer - 1])
        num_b = finite_difference(f, biases[layer - 1])
        assert rel_error(trace[f"dW{layer}"].value, num_w) < 1e-6, (layer, "W")
        assert rel_error(trace[f"db{layer}"].value, num_b) < 1e-6, (layer, "b")


COMBOS = [c for c in itertools.product(HIDDEN, OUTPUT, LOSSES, REDUCTIONS) if _valid(c[1], c[2])]


@pytest.mark.parametrize(("hidden", "output", "loss", "reduction"), COMBOS)
def test_gradients_match_finite_differences(hidden, output, loss, reduction):
    _check(hidden, output, loss, reduction, seed=7)


@pytest.mark.parametrize("loss", LOSSES)
def test_l2_weight_decay_gradient(loss):
    output = "softmax" if loss == "cross_entropy" else "sigmoid"
    _check("tanh", output, loss, "mean", seed=3, weight_decay=0.3)


def test_fused_softmax_cross_entropy_agrees_with_the_jacobian_path():
    rng = np.random.default_rng(0)
    spec = parse_spec({
        "layers": [{"units": 6, "activation": "tanh"}, {"units": 4, "activation": "softmax"}],
        "loss": "cross_entropy", "x": rng.normal(size=(5, 3)).tolist(),
        "y": np.eye(4)[[0, 3, 1, 1, 2]].tolist(), "seed": 4,
    })
    fused, jacobian = Network.from_spec(spec), Network.from_spec(spec, fuse=False)
    assert fused.fused and not jacobian.fused
    t1, t2 = fused.trace(spec.x, spec.y), jacobian.trace(spec.x, spec.y)
    assert t1.loss == pytest.approx(t2.loss, rel=1e-12)
    for name in ("delta2", "dW2", "db2", "delta1", "dW1", "db1"):
        np.testing.assert_allclose(t1[name].value, t2[name].value, atol=1e-12)
    assert t1["delta2"].formula == "δ² = (1/N)·(a² − y)"
    assert "diag(a²)" in t2["delta2"].formula


def test_fused_sigmoid_bce_agrees_with_the_elementwise_path():
    rng = np.random.default_rng(1)
    spec = parse_spec({
        "layers": [{"units": 3, "activation": "relu"}, {"units": 2, "activation": "sigmoid"}],
        "loss": "binary_cross_entropy", "reduction": "sum",
        "x": rng.normal(size=(4, 2)).tolist(), "y": [[0, 1], [1, 1], [0, 0], [1, 0]], "seed": 2,
    })
    t1 = Network.from_spec(spec).trace(spec.x, spec.y)
    t2 = Network.from_spec(spec, fuse=False).trace(spec.x, spec.y)
    for name in ("L", "delta2", "dW1"):
        np.testing.assert_allclose(t1[name].value, t2[name].value, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_softmax_cross_entropy_with_logits_of_1000(sign):
    # Output logits ±1000: the loss is finite and δ is the exact limit a − y.
    spec = parse_spec({
        "layers": [{"units": 2, "activation": "softmax"}], "loss": "cross_entropy",
        "reduction": "sum", "x": [[1.0]], "y": [[0.0, 1.0]],
        "weights": [[[sign * 1000.0, -sign * 1000.0]]], "biases": [[0.0, 0.0]],
    })
    trace = Network.from_spec(spec).trace(spec.x, spec.y)
    # logits z = (1000s, −1000s): loss = lse(z) − z₂ = 2000 when s = 1, ~0 when s = −1
    expected_loss = 2000.0 if sign > 0 else 0.0
    assert np.isfinite(trace.loss)
    assert trace.loss == pytest.approx(expected_loss, abs=1e-9)
    limit_a = np.array([[1.0, 0.0]]) if sign > 0 else np.array([[0.0, 1.0]])
    np.testing.assert_allclose(trace["delta1"].value, limit_a - np.array([[0.0, 1.0]]), atol=1e-12)
    np.testing.assert_allclose(trace["dW1"].value, limit_a - np.array([[0.0, 1.0]]), atol=1e-12)


@pytest.mark.parametrize("z", [1000.0, -1000.0])
def test_sigmoid_bce_with_logits_of_1000(z):
    spec = parse_spec({
        "layers": [{"units": 1, "activation": "sigmoid"}], "loss": "binary_cross_entropy",
        "x": [[1.0]], "y": [[1.0]], "weights": [[[z]]], "biases": [[0.0]],
    })
    trace = Network.from_spec(spec).trace(spec.x, spec.y)
    # −ln σ(z): 0 for z = 1000, 1000 for z = −1000 (softplus(−z))
    assert trace.loss == pytest.approx(0.0 if z > 0 else 1000.0, abs=1e-9)
    assert trace["delta1"].value[0, 0] == pytest.approx(0.0 if z > 0 else -1.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 4),
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    hidden=st.sampled_from(["sigmoid", "tanh", "identity"]),
    loss=st.sampled_from(["mse", "cross_entropy"]),
    reduction=st.sampled_from(["mean", "sum"]),
    seed=st.integers(0, 10_000),
    scale=st.floats(0.1, 2.0),
)
def test_property_random_shapes_and_values(n, sizes, hidden, loss, reduction, seed, scale):
    rng = np.random.default_rng(seed)
    k = sizes[-1] if loss == "mse" else max(sizes[-1], 2)
    sizes = [*sizes[:-1], k]
    output = "identity" if loss == "mse" else "softmax"
    x = rng.normal(scale=scale, size=(n, sizes[0]))
    y = _targets(rng, n, k, loss)
    weights = [rng.normal(scale=scale, size=(sizes[i], sizes[i + 1])) for i in range(len(sizes) - 1)]
    biases = [rng.normal(size=sizes[i + 1]) for i in range(len(sizes) - 1)]
    acts = [hidden] * (len(sizes) - 2) + [output]
    if len(acts) == 0:
        return
    spec = parse_spec({
        "layers": [{"units": s, "activation": a} for s, a in zip(sizes[1:], acts, strict=True)],
        "loss": loss, "reduction": reduction, "x": x.tolist(), "y": y.tolist(),
        "weights": [w.tolist() for w in weights], "biases": [b.tolist() for b in biases],
    })
    trace = Network.from_spec(spec).trace(x, y)

    def f():
        return total_loss(x, y, weights, biases, acts, loss, reduction)

    assert trace.loss == pytest.approx(f(), rel=1e-9, abs=1e-12)
    # A centred difference (L(w + ε) − L(w − ε))/2ε carries the rounding of L: a few units in the
    # last place of |L|, divided by ε. Below 100 times that a gradient is only compared absolutely.
    noise = 100 * np.finfo(np.float64).eps * max(abs(trace.loss), 1.0) / 1e-6
    for layer in range(1, len(acts) + 1):
        num = finite_difference(f, weights[layer - 1], eps=1e-6)
        np.testing.assert_allclose(trace[f"dW{layer}"].value, num, rtol=1e-5, atol=max(noise, 1e-8))
