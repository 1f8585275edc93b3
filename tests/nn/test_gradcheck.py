import numpy as np

from bp_tutor.nn import Network, gradcheck, load_preset
from bp_tutor.nn.gradcheck import relative_error, verdict_for


def test_a_correct_network_passes_with_tiny_errors():
    p = load_preset("toy-452")
    report = gradcheck(p.network(), p.x, p.y)
    assert report.passed
    assert [r.name for r in report.rows] == ["W1", "b1", "W2", "b2"]
    assert report.worst < 1e-7
    assert {r.verdict for r in report.rows} == {"correct"}


class TransposedBug(Network):
    """The classic bug: dW computed as δᵀa instead of aᵀδ (square layers, so shapes still fit)."""

    def gradients(self, x, y):
        loss, grads = super().gradients(x, y)
        grads[2] = grads[2].T.copy()
        return loss, grads


def test_a_transposed_dw_is_caught():
    rng = np.random.default_rng(0)
    from bp_tutor.nn import parse_spec

    spec = parse_spec({"layers": [{"units": 3, "activation": "tanh"},
                                  {"units": 3, "activation": "softmax"}],
                       "loss": "cross_entropy", "x": rng.normal(size=(4, 3)).tolist(),
                       "y": np.eye(3)[[0, 1, 2, 0]].tolist(), "seed": 1})
    good = Network.from_spec(spec)
    bad = TransposedBug(good.layers, good.loss, good.reduction)
    bad.copy = lambda: TransposedBug([*bad.layers], bad.loss, bad.reduction)  # keep the bug
    report = gradcheck(bad, spec.x, spec.y)
    assert not report.passed
    verdicts = {r.name: r.verdict for r in report.rows}
    assert verdicts["W2"] == "wrong" and verdicts["W1"] == "correct"


def test_relative_error_and_verdicts():
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert relative_error(np.array([1.0]), np.array([-1.0])) == 1.0
    assert verdict_for(1e-9) == "correct"
    assert verdict_for(1e-6) == "probably correct"
    assert verdict_for(1e-4) == "suspicious"
    assert verdict_for(0.5) == "wrong"


def test_a_relu_input_at_zero_gets_no_verdict_instead_of_wrong():
    """z¹₁ = 1·1 + 2·(−0.5) = 0 exactly: the differences for W¹, b¹ straddle ReLU's jump (the
    relative error is large though backprop is right). Layer 2's parameters cannot move z¹."""
    from bp_tutor.nn import parse_spec
    from bp_tutor.nn.gradcheck import AT_A_KINK

    spec = parse_spec({"layers": [{"units": 2, "activation": "relu"},
                                  {"units": 2, "activation": "softmax"}],
                       "loss": "cross_entropy", "x": [[1, 2]], "y": [[1, 0]],
                       "weights": [[[1, 0.5], [-0.5, 0.2]], [[0.3, -0.2], [0.1, 0.4]]]})
    report = gradcheck(Network.from_spec(spec), spec.x, spec.y)
    assert [(k.label, k.value) for k in report.kinks] == [("z¹[1,1]", 0.0)]  # the first unit, counted from 1
    verdicts = {row.name: row.verdict for row in report.rows}
    assert verdicts == {"W1": AT_A_KINK, "b1": AT_A_KINK, "W2": "correct", "b2": "correct"}
    assert max(row.rel_error for row in report.rows if row.name in ("W1", "b1")) > 1e-3
    assert report.passed  # only what could be compared counts


def test_a_kink_does_not_hide_a_wrong_gradient_above_it():
    """A transposed ∂L/∂W² is still "wrong" though z¹ sits on a kink below it."""
    from bp_tutor.nn import parse_spec

    spec = parse_spec({"layers": [{"units": 2, "activation": "relu"},
                                  {"units": 2, "activation": "softmax"}],
                       "loss": "cross_entropy", "x": [[1, 2]], "y": [[1, 0]],
                       "weights": [[[1, 0.5], [-0.5, 0.2]], [[0.3, -0.2], [0.1, 0.4]]]})
    good = Network.from_spec(spec)
    bad = TransposedBug(good.layers, good.loss, good.reduction)
    bad.copy = lambda: TransposedBug([*bad.layers], bad.loss, bad.reduction)  # keep the bug
    report = gradcheck(bad, spec.x, spec.y)
    assert report.kinks and not report.passed
    assert {r.name: r.verdict for r in report.rows}["W2"] == "wrong"
