"""The fused output activation + loss pairs, against the naive reference."""

import numpy as np
import pytest

from bp_tutor.nn.activations import ACTIVATIONS
from bp_tutor.nn.losses import LOSSES

from .reference import act, loss


@pytest.mark.parametrize(("loss_name", "activation"),
                         [("cross_entropy", "softmax"), ("binary_cross_entropy", "sigmoid")])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_output_and_value_match_the_separate_activation_and_loss(loss_name, activation, reduction):
    rng = np.random.default_rng(3)
    z = rng.normal(size=(6, 4)) * 3
    if loss_name == "cross_entropy":
        y = np.eye(4)[rng.integers(0, 4, 6)]
    else:
        y = rng.integers(0, 2, size=(6, 4)).astype(float)
    a, value = LOSSES[loss_name].output_and_value(z, y, reduction)
    np.testing.assert_allclose(a, act(activation, z), rtol=1e-12)
    # The same a the unfused activation computes, bit for bit: the lab shows both.
    np.testing.assert_array_equal(a, ACTIVATIONS[activation].forward(z))
    assert value == pytest.approx(loss(loss_name, act(activation, z), y, reduction), rel=1e-12)
    assert LOSSES[loss_name].value_from_logits(z, y, reduction) == value


def test_cross_entropy_output_and_value_with_soft_targets_and_far_apart_rows():
    """Rows shifted by their own maximum: a row of huge logits does not starve a row of small ones."""
    z = np.array([[1000.0, 999.0, 998.0], [0.0, -1.0, -2.0]])
    y = np.array([[0.5, 0.5, 0.0], [0.0, 0.25, 0.75]])
    a, value = LOSSES["cross_entropy"].output_and_value(z, y, "sum")
    row = act("softmax", np.array([[0.0, -1.0, -2.0]]))[0]
    np.testing.assert_allclose(a, [row, row], rtol=1e-12)
    expected = (-(0.5 * np.log(row[0]) + 0.5 * np.log(row[1]))
                - (0.25 * np.log(row[1]) + 0.75 * np.log(row[2])))
    assert value == pytest.approx(expected, rel=1e-12)
