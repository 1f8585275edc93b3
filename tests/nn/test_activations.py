import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bp_tutor.nn.activations import ACTIVATIONS, Softmax, get_activation

from .reference import act

ELEMENTWISE = ["identity", "sigmoid", "tanh", "relu", "leaky_relu"]


@pytest.mark.parametrize("name", [*ELEMENTWISE, "softmax"])
def test_forward_matches_the_naive_definition(name):
    z = np.array([[-2.5, -0.3, 0.4, 1.7], [3.0, -1.0, 0.2, -4.0]])
    np.testing.assert_allclose(ACTIVATIONS[name].forward(z), act(name, z), rtol=1e-12)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_finite_differences(name):
    # Points away from the ReLU kink at 0, where the derivative is not defined.
    z = np.array([[-2.5, -0.3, 0.4, 1.7], [3.0, -1.0, 0.2, -4.0]])
    f = ACTIVATIONS[name]
    eps = 1e-6
    numeric = (f.forward(z + eps) - f.forward(z - eps)) / (2 * eps)
    np.testing.assert_allclose(f.derivative(z), numeric, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(f.derivative(z, f.forward(z)), numeric, rtol=1e-7, atol=1e-9)


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    s = ACTIVATIONS["sigmoid"]
    z = np.linspace(-5, 5, 11)
    sig = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(s.derivative(z), sig * (1 - sig))
    assert s.derivative(np.array(0.0)) == pytest.approx(0.25)


def test_tanh_is_a_rescaled_sigmoid():
    z = np.linspace(-4, 4, 17)
    sig = ACTIVATIONS["sigmoid"].forward
    np.testing.assert_allclose(ACTIVATIONS["tanh"].forward(z), 2 * sig(2 * z) - 1, atol=1e-12)


def test_relu_derivative_at_the_kink_is_zero_and_leaky_uses_alpha():
    z = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_array_equal(ACTIVATIONS["relu"].derivative(z), [0.0, 0.0, 1.0])
    leaky = get_activation("leaky_relu", alpha=0.2)
    np.testing.assert_allclose(leaky.forward(z), [-0.2, 0.0, 2.0])
    np.testing.assert_allclose(leaky.derivative(z), [0.2, 0.2, 1.0])


def test_sigmoid_is_exact_at_extreme_inputs_without_warnings():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = ACTIVATIONS["sigmoid"].forward(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(out, [0.0, 1.0])


def test_softmax_jacobian_matches_finite_differences_and_the_closed_form():
    z = np.array([[0.5, -1.2, 2.0]])
    sm = Softmax()
    a = sm.forward(z)
    eps = 1e-6
    numeric = np.zeros((3, 3))
    for j in range(3):
        dz = np.zeros_like(z)
        dz[0, j] = eps
        numeric[:, j] = ((sm.forward(z + dz) - sm.forward(z - dz)) / (2 * eps))[0]
    jac = sm.jacobian(a)[0]
    np.testing.assert_allclose(jac, numeric, atol=1e-9)
    # i = j: aᵢ(1 − aᵢ); i ≠ j: −aᵢaⱼ
    for i in range(3):
        for j in range(3):
            expected = a[0, i] * (1 - a[0, i]) if i == j else -a[0, i] * a[0, j]
            assert jac[i, j] == pytest.approx(expected)


def test_softmax_survives_huge_logits():
    out = Softmax().forward(np.array([[1000.0, -1000.0, 999.0]]))
    assert np.isfinite(out).all()
    np.testing.assert_allclose(out.sum(), 1.0)
    np.testing.assert_allclose(out[0, 0] / out[0, 2], np.e)


@settings(max_examples=200, deadline=None)
@given(
    z=arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(2, 6)),
             elements=st.floats(-30, 30)),
    g=st.floats(-5, 5),
)
def test_softmax_backward_equals_jacobian_transpose_times_gradient(z, g):
    sm = Softmax()
    a = sm.forward(z)
    grad_a = np.full_like(z, g) + np.arange(z.shape[1])  # not constant across k
    expected = np.einsum("nij,ni->nj", sm.jacobian(a), grad_a)
    np.testing.assert_allclose(sm.backward(z, a, grad_a), expected, atol=1e-9)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_backward_into_its_own_gradient_buffer_gives_the_same_result(name):
    """A training step passes its temporary ∂L/∂a as `out`; the result must not depend on it."""
    rng = np.random.default_rng(7)
    z = rng.normal(size=(4, 5)) * 2
    f = get_activation(name)
    a = f.forward(z)
    grad_a = rng.normal(size=z.shape)
    expected = f.backward(z, a, grad_a.copy())
    buffer = grad_a.copy()
    result = f.backward(z, a, buffer, out=buffer)
    assert result is buffer
    np.testing.assert_array_equal(result, expected)
