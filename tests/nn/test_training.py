import itertools

import numpy as np
import pytest

from bp_tutor.nn import (
    SGD,
    Adam,
    Diverged,
    Momentum,
    Network,
    Trainer,
    load_dataset,
    load_preset,
    parse_spec,
)
from bp_tutor.nn.init import init_weights


def test_sgd_momentum_adam_follow_their_formulas():
    p, g = [np.array([1.0, -2.0])], [np.array([0.5, 0.25])]
    np.testing.assert_allclose(SGD(learning_rate=0.1).step(p, g)[0], [0.95, -2.025])
    m = Momentum(learning_rate=0.1, momentum=0.9)
    first = m.step(p, g)[0]  # v = −ηg
    second = m.step([first], g)[0]  # v = 0.9(−ηg) − ηg
    np.testing.assert_allclose(second, first + 0.9 * (-0.1 * g[0]) - 0.1 * g[0])
    adam = Adam(learning_rate=0.01)
    # First Adam step: m̂ = g, ŝ = g², so the step is η·g/(|g| + ε) ≈ η·sign(g).
    np.testing.assert_allclose(adam.step(p, g)[0], p[0] - 0.01 * np.sign(g[0]), atol=1e-7)
    assert np.array_equal(p[0], [1.0, -2.0])  # inputs untouched


def test_initialisers_are_seeded_and_scaled():
    a = init_weights("xavier", 200, 100, np.random.default_rng(0))
    b = init_weights("xavier", 200, 100, np.random.default_rng(0))
    np.testing.assert_array_equal(a, b)
    assert np.abs(a).max() <= np.sqrt(6 / 300)
    assert a.var() == pytest.approx(2 / 300, rel=0.1)  # uniform(−r, r) has variance r²/3
    he = init_weights("he", 400, 300, np.random.default_rng(1))
    assert he.std() == pytest.approx(np.sqrt(2 / 400), rel=0.05)


def test_datasets_are_seeded_and_shaped():
    digits = load_dataset("digits")
    assert len(digits.x_train) + len(digits.x_test) == 1797
    assert digits.n_features == 64 and digits.n_classes == 10
    assert digits.x_train.min() >= 0.0 and digits.x_train.max() <= 1.0
    for name in ("spiral", "moons", "blobs"):
        a, b = load_dataset(name, seed=5), load_dataset(name, seed=5)
        np.testing.assert_array_equal(a.x_train, b.x_train)
        assert not np.array_equal(a.x_train, load_dataset(name, seed=6).x_train)
    toy = load_dataset("toy452")
    assert len(toy.x_train) == 10 and toy.labels_train.sum() == 5
    first, last = toy.x_train[:, :2].sum(1), toy.x_train[:, 2:].sum(1)
    np.testing.assert_array_equal(toy.labels_train, (first > last).astype(int))
    xor = load_dataset("xor")
    np.testing.assert_array_equal(xor.labels_train, [0, 1, 1, 0])
    assert load_dataset("digits", dtype=np.float32).x_train.dtype == np.float32


def test_the_4_5_2_example_learns():
    p = load_preset("toy-452")
    net = p.network()
    trainer = Trainer(net, p.dataset, SGD(learning_rate=0.5), batch_size=10)
    losses = [trainer.run_epoch().loss for _ in range(1500)]
    assert losses[-1] < 0.1 * losses[0]
    # the loss falls steadily: every 100 epochs lower than the 100 before
    blocks = [np.mean(losses[i:i + 100]) for i in range(0, 1500, 100)]
    assert all(b2 < b1 for b1, b2 in itertools.pairwise(blocks))
    assert trainer.history[-1].train_accuracy == 1.0


def test_digits_64_64_10_reaches_97_percent():
    p = load_preset("digits")
    net = p.network()
    trainer = Trainer(net, p.dataset, Momentum(learning_rate=0.1), batch_size=32, seed=0)
    best = max(trainer.run_epoch().test_accuracy for _ in range(20))
    assert best >= 0.97


def test_a_huge_learning_rate_diverges_and_keeps_the_last_good_weights():
    spec = parse_spec({"layers": [{"units": 16, "activation": "relu"},
                                  {"units": 3, "activation": "softmax"}],
                       "loss": "cross_entropy", "dataset": "spiral", "inputs": 2})
    net = Network.from_spec(spec)
    trainer = Trainer(net, load_dataset("spiral"), SGD(learning_rate=1e6), batch_size=32)
    with pytest.raises(Diverged) as info:
        for _ in range(50):
            trainer.run_epoch()
    assert "learning rate 1e+06 is probably too large: try 100000" in str(info.value)
    assert all(np.isfinite(p).all() for p in net.params)
    assert np.isfinite(net.loss_value(trainer.dataset.x_train, trainer.dataset.y_train))
