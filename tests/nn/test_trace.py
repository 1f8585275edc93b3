import json

import numpy as np
import pytest

from bp_tutor.nn import SGD, Network, load_preset, parse_spec


def test_single_neuron_matches_the_hand_formula():
    # ∂L/∂wⱼ = (o − t)·o(1 − o)·xⱼ for L = ½(o − t)², o = σ(Σⱼ wⱼxⱼ + b)
    p = load_preset("neuron")
    trace = p.network().trace(p.x, p.y)
    x = np.array([1.0, 2.0, -1.0])
    w = np.array([0.5, -0.3, 0.2])
    z = x @ w + 0.1
    o = 1 / (1 + np.exp(-z))
    t = 1.0
    assert trace["z1"].value[0, 0] == pytest.approx(z)
    assert trace["a1"].value[0, 0] == pytest.approx(o)
    assert trace.loss == pytest.approx(0.5 * (o - t) ** 2)
    np.testing.assert_allclose(trace["dW1"].value[:, 0], (o - t) * o * (1 - o) * x)
    assert trace["db1"].value[0] == pytest.approx((o - t) * o * (1 - o))


def test_entries_are_named_and_ordered_as_the_lessons_name_them():
    p = load_preset("toy-452")
    trace = p.network().trace(p.x, p.y)
    assert trace.names() == [
        "x", "y", "W1", "b1", "W2", "b2",
        "z1", "a1", "z2", "a2", "L",
        "delta2", "dW2", "db2", "delta1", "dW1", "db1",
    ]
    assert trace["z1"].formula == "z¹ = xW¹ + b¹"
    assert trace["a1"].formula == "a¹ = σ(z¹)"
    assert trace["a2"].formula == "a² = softmax(z²)"
    assert trace["dW2"].formula == "∂L/∂W² = a¹ᵀδ²"
    assert trace["db2"].formula == "∂L/∂b² = Σₙ δ²"
    assert trace["delta1"].formula == "δ¹ = (δ²W²ᵀ) ⊙ a¹(1 − a¹)"
    assert trace["delta1"].inputs == ("delta2", "W2", "a1")
    assert trace["dW2"].label == "∂L/∂W²"
    assert [e.phase for e in trace][6:] == ["forward"] * 4 + ["loss"] + ["backward"] * 6


def test_toy_452_numbers_against_an_independent_computation():
    p = load_preset("toy-452")
    trace = p.network().trace(p.x, p.y)
    W1, b1 = np.array(p.spec.weights[0]), np.array(p.spec.biases[0])
    W2, b2 = np.array(p.spec.weights[1]), np.array(p.spec.biases[1])
    x, y = p.x, p.y
    a1 = 1 / (1 + np.exp(-(x @ W1 + b1)))
    z2 = a1 @ W2 + b2
    a2 = np.exp(z2) / np.exp(z2).sum(axis=1, keepdims=True)
    n = len(x)
    d2 = (a2 - y) / n
    d1 = (d2 @ W2.T) * a1 * (1 - a1)
    np.testing.assert_allclose(trace["a2"].value, a2)
    assert trace.loss == pytest.approx(-(y * np.log(a2)).sum() / n)
    np.testing.assert_allclose(trace["dW2"].value, a1.T @ d2)
    np.testing.assert_allclose(trace["delta1"].value, d1)
    np.testing.assert_allclose(trace["dW1"].value, x.T @ d1)
    np.testing.assert_allclose(trace["db1"].value, d1.sum(axis=0))


def test_json_export_has_the_specified_shape_and_full_precision():
    p = load_preset("toy-452")
    trace = p.network().trace(p.x, p.y)
    data = json.loads(json.dumps(trace.to_json_dict()))
    # The keys of DESIGN.md first and in their order; the pass's inputs after them.
    assert list(data) == ["loss", "layers", "x", "y"]
    assert len(data["layers"]) == 2
    assert list(data["layers"][0]) == ["z", "a", "delta", "dW", "db", "W", "b"]
    assert data["loss"] == trace.loss  # bit for bit
    np.testing.assert_array_equal(np.array(data["layers"][1]["dW"]), trace["dW2"].value)


def test_train_step_records_updates_and_keeps_the_pass_weights():
    p = load_preset("toy-452")
    net = p.network()
    w_before = net.params[0].copy()
    trace = net.train_step(p.x, p.y, SGD(learning_rate=0.5), record=True)
    np.testing.assert_array_equal(trace["W1"].value, w_before)  # not overwritten by the update
    expected = w_before - 0.5 * trace["dW1"].value
    np.testing.assert_allclose(trace["update_W1"].value, expected)
    np.testing.assert_allclose(net.params[0], expected)
    assert trace["update_W1"].formula.startswith("W¹ ← W¹ − η·∂L/∂W¹")
    assert trace["update_W1"].label == "W¹⁺"


def test_unknown_entry_names_say_which_exist():
    p = load_preset("neuron")
    trace = p.network().trace(p.x, p.y)
    with pytest.raises(KeyError, match="no trace entry 'delta9'; the trace has x, y"):
        trace["delta9"]


def test_float32_on_request():
    spec = parse_spec({"layers": [{"units": 3, "activation": "tanh"},
                                  {"units": 2, "activation": "softmax"}],
                       "loss": "cross_entropy", "x": [[0.1, 0.2]], "y": [[1, 0]],
                       "dtype": "float32"})
    net = Network.from_spec(spec)
    trace = net.trace(spec.x, spec.y)
    for name in ("z1", "a2", "delta2", "dW1", "db1"):
        assert trace[name].value.dtype == np.float32, name
    t64 = Network.from_spec(parse_spec({**_raw(spec), "dtype": "float64"})).trace(spec.x, spec.y)
    np.testing.assert_allclose(trace["dW1"].value, t64["dW1"].value, rtol=1e-5, atol=1e-7)


def _raw(spec):
    return {"layers": [{"units": 3, "activation": "tanh"}, {"units": 2, "activation": "softmax"}],
            "loss": "cross_entropy", "x": spec.x.tolist(), "y": spec.y.tolist()}


@pytest.mark.parametrize(("hidden", "formula", "inputs"), [
    ("sigmoid", "δ¹ = (δ²W²ᵀ) ⊙ a¹(1 − a¹)", ("delta2", "W2", "a1")),
    # A sum after ⊙ stays in parentheses: "⊙ 1 − a¹²" would read as ((…) ⊙ 1) − a to the 12th.
    ("tanh", "δ¹ = (δ²W²ᵀ) ⊙ (1 − (a¹)²)", ("delta2", "W2", "a1")),
    ("relu", "δ¹ = (δ²W²ᵀ) ⊙ [z¹ > 0]", ("delta2", "W2", "z1")),
    ("leaky_relu", "δ¹ = (δ²W²ᵀ) ⊙ ([z¹ > 0] + 0.01·[z¹ ≤ 0])", ("delta2", "W2", "z1")),
    ("identity", "δ¹ = δ²W²ᵀ", ("delta2", "W2")),
])
def test_hidden_delta_names_what_f_prime_is_computed_from(hidden, formula, inputs):
    spec = parse_spec({"layers": [{"units": 3, "activation": hidden},
                                  {"units": 2, "activation": "softmax"}],
                       "loss": "cross_entropy", "x": [[0.1, 0.2]], "y": [[1, 0]]})
    trace = Network.from_spec(spec).trace(spec.x, spec.y)
    assert trace["delta1"].formula == formula
    assert trace["delta1"].inputs == inputs
    a_formula = {"sigmoid": "a¹ = σ(z¹)", "tanh": "a¹ = tanh(z¹)", "relu": "a¹ = ReLU(z¹)",
                 "leaky_relu": "a¹ = LeakyReLU(z¹), α = 0.01", "identity": "a¹ = z¹"}[hidden]
    assert trace["a1"].formula == a_formula


def test_weight_decay_formulas_give_lambda_and_read_w():
    """A handout must say what λ is to be worked by hand, and ∂L/∂W then reads W too."""
    spec = parse_spec({"layers": [{"units": 3, "activation": "tanh"},
                                  {"units": 2, "activation": "softmax"}],
                       "loss": "cross_entropy", "x": [[0.1, 0.2]], "y": [[1, 0]],
                       "weight_decay": 0.25})
    trace = Network.from_spec(spec).trace(spec.x, spec.y)
    assert trace["L"].formula.endswith("  + ½λ Σₗ ‖Wˡ‖²   (λ = 0.25)")
    assert trace["dW2"].formula == "∂L/∂W² = a¹ᵀδ² + λW²   (λ = 0.25)"
    assert trace["dW2"].inputs == ("a1", "delta2", "W2")
