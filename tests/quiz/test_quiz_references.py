"""Every generator's reference answer against centred finite differences of a separate, plain
implementation written here from the formulas (never from the code under test)."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import numpy as np
import pytest

from bp_tutor.quiz.kinds import KINDS, generate

H = 1e-6
SEEDS = range(25)


def numeric_grad(f: Callable[[np.ndarray], float], at: np.ndarray) -> np.ndarray:
    at = np.array(at, dtype=np.float64)
    grad = np.zeros_like(at)
    for index in np.ndindex(at.shape):
        up, down = at.copy(), at.copy()
        up[index] += H
        down[index] -= H
        grad[index] = (f(up) - f(down)) / (2 * H)
    return grad


def sig(v: np.ndarray) -> np.ndarray:
    return np.vectorize(lambda s: 1.0 / (1.0 + math.exp(-s)))(v)


def softmax(v: np.ndarray) -> np.ndarray:
    e = np.array([math.exp(s) for s in v])
    return e / e.sum()


def _softmax_entry(v: np.ndarray, i: int) -> float:
    return float(softmax(v)[i])


def expected(kind: str, p: dict) -> list[np.ndarray]:
    """The reference of each part, computed independently from the drawn parameters."""
    s = lambda v: np.array(v, dtype=np.float64)  # noqa: E731
    if kind == "derivative_at_point":
        f = lambda x: p["c"] * x[()] ** p["n"] + p["d"] * x[()]  # noqa: E731
        return [numeric_grad(f, s(p["x0"]))]
    if kind == "chain_rule":
        if p["form"] == "power":
            f = lambda x: (p["a"] * x[()] + p["b"]) ** p["n"]  # noqa: E731
        else:
            f = lambda x: 1 / (1 + math.exp(-(p["a"] * x[()] + p["b"])))  # noqa: E731
        return [numeric_grad(f, s(p["x0"]))]
    if kind == "partial_derivative":
        y0 = p["y0"]
        f = lambda x: p["p"] * x[()] ** 2 * y0 + p["q"] * x[()] * y0**2  # noqa: E731
        return [numeric_grad(f, s(p["x0"]))]
    if kind == "sgd_update":
        g = numeric_grad(lambda w: 0.5 * float(np.sum((w - p["c"]) ** 2)), p["w"])
        return [p["w"] - p["eta"] * g]
    if kind == "sigmoid_prime":
        return [numeric_grad(lambda z: float(sig(z[()])), s(p["z"]))]
    if kind == "tanh_prime":
        return [numeric_grad(lambda z: math.tanh(z[()]), s(p["z"]))]
    if kind == "relu_prime":
        return [np.array([numeric_grad(lambda v: float(np.maximum(0.0, v[()])), s(z))[()] for z in p["z"]])]
    if kind == "leaky_relu_prime":
        al = p["alpha"]

        def leaky(v: np.ndarray) -> float:
            return float(v[()] if v[()] > 0 else al * v[()])
        return [np.array([numeric_grad(leaky, s(z))[()] for z in p["z"]])]
    if kind == "mse_gradient":
        return [numeric_grad(lambda a: 0.5 * float(np.sum((a - p["y"]) ** 2)), p["a"])]
    if kind == "batch_mean_gradient":
        x, y = p["x"][:, 0], p["y"][:, 0]
        f = lambda w: float(np.mean(0.5 * (w[()] * x + p["b"] - y) ** 2))  # noqa: E731
        return [numeric_grad(f, s(p["w"]))]
    if kind == "softmax_output":
        return [softmax(p["z"])]
    if kind == "softmax_jacobian":
        rows = [numeric_grad(partial(_softmax_entry, i=i), p["z"]) for i in range(3)]
        return [np.array(rows)]
    if kind == "softmax_ce_gradient":
        return [numeric_grad(lambda z: -float(np.sum(p["y"] * np.log(softmax(z)))), p["z"])]
    if kind == "l2_gradient":
        def loss(w: np.ndarray) -> float:
            return 0.5 * float(np.sum((p["x"] @ w - p["y"]) ** 2)) + 0.5 * p["lambda"] * float(
                np.sum(w * w))
        return [numeric_grad(loss, p["W"])]
    if kind == "neuron_weight_gradient":
        def loss(w: np.ndarray) -> float:
            o = float(sig(float(p["x"][0] @ w) + p["b"]))
            return 0.5 * (o - p["t"]) ** 2
        return [numeric_grad(loss, p["w"][:, 0])]
    if kind == "layer_delta":
        z = p["x"] @ p["W"] + p["b"]
        return [numeric_grad(lambda v: float(np.sum(0.5 * (sig(v) - p["y"]) ** 2)) / 2, z)]
    if kind in ("layer_dw", "layer_db"):
        def loss_w(w: np.ndarray, b: np.ndarray = p["b"]) -> float:
            return float(np.sum(0.5 * (p["x"] @ w + b - p["y"]) ** 2)) / len(p["x"])
        if kind == "layer_dw":
            return [numeric_grad(loss_w, p["W"])]
        return [numeric_grad(lambda b: loss_w(p["W"], b), p["b"])]
    if kind in ("delta_back", "backprop_two_step"):
        out = sig if p["out"] == "sigmoid" else (lambda v: v)
        z1 = p["x"] @ p["W1"] + p["b1"]

        def loss_z1(v: np.ndarray) -> float:
            return 0.5 * float(np.sum((out(sig(v) @ p["W2"] + p["b2"]) - p["y"]) ** 2))
        d1 = numeric_grad(loss_z1, z1)
        if kind == "delta_back":
            return [d1]
        z2 = sig(z1) @ p["W2"] + p["b2"]
        d2 = numeric_grad(lambda v: 0.5 * float(np.sum((out(v) - p["y"]) ** 2)), z2)
        return [d2, d1]
    raise AssertionError(f"no independent check for {kind}")


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "find_the_bug"])
def test_reference_matches_finite_differences(kind: str) -> None:
    for seed in SEEDS:
        question = generate(kind, seed)
        wanted = expected(kind, dict(question.params))
        for part, value in zip(question.parts, wanted, strict=True):
            got = np.asarray(part.answer, dtype=np.float64)
            assert got.size == value.size, (kind, seed)
            np.testing.assert_allclose(got.reshape(-1), value.reshape(-1), atol=1e-5,
                                       err_msg=f"{kind} seed {seed}")


def _true_gradients(f, x, y, w1, b1, w2, b2):
    """Every quantity of the listing by finite differences of the loss written out here."""
    n = len(x)

    def loss(w1=w1, b1=b1, w2=w2, b2=b2) -> float:
        return float(np.sum(0.5 * ((f(x @ w1 + b1) @ w2 + b2) - y) ** 2)) / n

    z1 = x @ w1 + b1
    z2 = f(z1) @ w2 + b2
    return {
        "delta2": numeric_grad(lambda v: float(np.sum(0.5 * (v - y) ** 2)) / n, z2),
        "dW2": numeric_grad(lambda v: loss(w2=v), w2),
        "db2": numeric_grad(lambda v: loss(b2=v), b2),
        "delta1": numeric_grad(lambda v: float(np.sum(0.5 * (f(v) @ w2 + b2 - y) ** 2)) / n, z1),
        "dW1": numeric_grad(lambda v: loss(w1=v), w1),
        "db1": numeric_grad(lambda v: loss(b1=v), b1),
    }


def _first_wrong_line(lines, truth, scope) -> int | None:
    for number, line in enumerate(lines, start=1):
        name = line.split("=")[0].strip()
        try:
            exec(line, scope)  # the listing is ours and must run exactly as shown
            value = np.asarray(scope[name])
            ok = value.shape == truth[name].shape and np.allclose(value, truth[name], atol=1e-5)
        except ValueError:  # a shape error is a wrong line too
            ok = False
        if not ok:
            return number
    return None


def test_find_the_bug_answer_is_the_first_line_that_computes_a_wrong_value() -> None:
    """Run the listed lines on a small network and compare each with finite differences."""
    rng = np.random.default_rng(0)
    for seed in range(40):
        question = generate("find_the_bug", seed)
        p = question.params
        f = sig if p["activation"] == "sigmoid" else np.tanh
        x, y = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
        w1, b1 = rng.normal(size=(2, 3)), rng.normal(size=3)
        w2, b2 = rng.normal(size=(3, 2)), rng.normal(size=2)
        truth = _true_gradients(f, x, y, w1, b1, w2, b2)
        z1 = x @ w1 + b1
        z2 = f(z1) @ w2 + b2
        scope = {"x": x, "y": y, "W1": w1, "b1": b1, "W2": w2, "b2": b2, "z1": z1, "a1": f(z1),
                 "z2": z2, "a2": z2, "N": len(x), "np": np}
        assert _first_wrong_line(p["lines"], truth, scope) == int(question.parts[0].answer), (
            seed, p["lines"])


def test_same_seed_same_question_and_languages_agree() -> None:
    for kind in KINDS:
        a, b = generate(kind, 7), generate(kind, 7)
        zh = generate(kind, 7, "zh")
        assert a.prompt == b.prompt
        assert a.prompt != zh.prompt
        for pa, pz in zip(a.parts, zh.parts, strict=True):
            np.testing.assert_array_equal(pa.answer, pz.answer)
