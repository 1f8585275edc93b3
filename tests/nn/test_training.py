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
    make_optimizer,
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
    # The loss of step k is measured at the weights step k − 1 made; those gave the huge loss, so
    # the weights go back to those after step k − 2.
    assert info.value.restored_step == info.value.step - 2
    assert all(np.isfinite(p).all() for p in net.params)
    assert np.isfinite(net.loss_value(trainer.dataset.x_train, trainer.dataset.y_train))


def _toy_trainer(learning_rate: float, **options: float) -> Trainer:
    preset = load_preset("toy-452")
    assert preset.dataset is not None
    return Trainer(preset.network(), preset.dataset, SGD(learning_rate=learning_rate),
                   batch_size=10, **options)


def test_the_starting_loss_is_the_initial_weights_on_the_whole_training_set():
    trainer = _toy_trainer(0.5)
    data = trainer.dataset
    a = trainer.net.forward(data.x_train)  # softmax outputs; cross-entropy by hand
    by_hand = -np.mean(np.log(a[np.arange(len(a)), data.labels_train]))
    assert trainer.start_loss == pytest.approx(by_hand, rel=1e-12)


def test_a_loss_swinging_far_above_its_start_is_a_runaway():
    """At η = 512 the loss swings between about 0.7 and hundreds for good, never passing the
    1000× bound of a single step; a whole window's median far above the start stops it."""
    trainer = _toy_trainer(512.0)
    start = trainer.start_loss
    with pytest.raises(Diverged) as info:
        for _ in range(1000):
            trainer.step()
    assert info.value.step % trainer.runaway_window == 0
    window = trainer.step_losses[-trainer.runaway_window:]
    assert info.value.loss == float(np.median(window)) > trainer.runaway_factor * start
    assert max(trainer.step_losses) < trainer.explode_factor * start  # no single step tripped
    assert "the median loss of the last 200 steps" in str(info.value)
    # The window before the one that ran away was calm: its end is where the weights go back to.
    assert info.value.restored_step == info.value.step - trainer.runaway_window
    # Back to the weights at the end of the last calm window: their loss is sane again, and with
    # a smaller η training goes on without the old window counting against it.
    data = trainer.dataset
    y = data.targets(data.labels_train, 2)
    assert trainer.net.loss_value(data.x_train, y) < trainer.runaway_factor * start
    trainer.optimizer.learning_rate = 0.5
    for _ in range(2 * trainer.runaway_window):
        trainer.step()


def test_a_runaway_resumed_at_the_same_rate_stops_again_no_later_than_before():
    """After a stop the window starts again (so the rule keeps working), and the weights put
    back never move forward to ones the runaway made."""
    trainer = _toy_trainer(512.0)
    stops = []
    for _ in range(3):
        with pytest.raises(Diverged) as info:
            for _ in range(1000):
                trainer.step()
        stops.append(info.value)
    assert [s.step for s in stops] == [200, 400, 600]
    assert [s.restored_step for s in stops] == [0, 0, 0]


def test_a_stop_after_an_exploding_step_goes_back_to_weights_with_a_sane_loss():
    """At η = 500 on xor one step's loss passes 1000× the start; the weights put back must have
    a sane loss, so that training at a small η then recovers instead of stopping forever."""
    preset = load_preset("xor")
    assert preset.dataset is not None
    spec = preset.spec
    assert spec.optimizer == "momentum" and spec.batch_size == 4
    trainer = Trainer(preset.network(), preset.dataset, make_optimizer("momentum", 500.0),
                      batch_size=4, seed=spec.seed)
    with pytest.raises(Diverged) as info:
        for _ in range(1000):
            trainer.step()
    assert "more than 1000 times" in str(info.value)
    data = trainer.dataset
    y = data.targets(data.labels_train, trainer.net.sizes[-1])
    assert trainer.net.loss_value(data.x_train, y) <= trainer.runaway_factor * trainer.start_loss
    trainer.optimizer.learning_rate = 0.0625
    for _ in range(500):
        trainer.step()
    assert trainer.net.loss_value(data.x_train, y) < trainer.start_loss


def test_finish_judges_a_run_shorter_than_a_window():
    trainer = _toy_trainer(512.0)
    for _ in range(150):
        trainer.step()
    with pytest.raises(Diverged, match="the median loss of the last 150 steps"):
        trainer.finish()
    calm = _toy_trainer(0.5)
    for _ in range(150):
        calm.step()
    calm.finish()  # ordinary training: nothing to report


def test_with_a_summed_loss_the_starting_loss_is_scaled_to_one_batch():
    spec = parse_spec({"layers": [{"units": 8, "activation": "tanh"},
                                  {"units": 2, "activation": "softmax"}],
                       "loss": "cross_entropy", "reduction": "sum", "inputs": 2, "seed": 0})
    data = load_dataset("moons", seed=0)
    trainer = Trainer(Network.from_spec(spec), data, SGD(learning_rate=0.01), batch_size=16)
    y = data.targets(data.labels_train, 2)
    whole = Network.from_spec(spec).loss_value(data.x_train, y)
    assert trainer.start_loss == pytest.approx(whole * 16 / len(data.x_train), rel=1e-12)


def test_the_rule_settings_are_checked():
    preset = load_preset("toy-452")
    assert preset.dataset is not None
    for bad in ({"runaway_window": 0}, {"runaway_factor": 0.0}, {"explode_factor": -1.0}):
        with pytest.raises(ValueError, match="runaway_window must be at least 1"):
            Trainer(preset.network(), preset.dataset, SGD(learning_rate=0.5), **bad)


def test_the_window_rule_compares_the_median_with_the_factor():
    """The same swinging run passes with a factor above its median and stops with one below."""
    lenient = _toy_trainer(512.0, runaway_factor=1e4, explode_factor=1e5)
    for _ in range(1000):
        lenient.step()
    median = float(np.median(lenient.step_losses[-200:]))
    assert median > 20 * lenient.start_loss
    strict = _toy_trainer(512.0, runaway_factor=median / lenient.start_loss / 2,
                          explode_factor=1e5)
    with pytest.raises(Diverged):
        for _ in range(1000):
            strict.step()


@pytest.mark.parametrize(("loss", "learning_rate"),
                         [("mse", 0.1), ("mse", 0.001), ("cross_entropy", 1e-4)])
def test_no_false_alarm_when_the_first_batch_happens_to_have_a_tiny_loss(
        loss: str, learning_rate: float) -> None:
    """Batch 1 on xor: the first sample's loss is about 0.003 by chance. Ordinary training must
    not count as a runaway against that; the yardstick is the whole training set's loss."""
    spec = parse_spec({"layers": [{"units": 4, "activation": "tanh"},
                                  {"units": 2, "activation": "softmax"}],
                       "loss": loss, "inputs": 2, "seed": 0})
    trainer = Trainer(Network.from_spec(spec), load_dataset("xor", seed=0),
                      SGD(learning_rate=learning_rate), batch_size=1, seed=0)
    first = trainer.step()
    assert first < trainer.start_loss / 10  # the case: a lucky first sample
    for _ in range(1199):
        trainer.step()
