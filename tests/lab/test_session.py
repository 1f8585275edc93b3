"""The training session's state machine, divergence handling and thread safety."""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time

import numpy as np
import pytest

from bp_tutor.lab.session import SessionError, TrainingSession, chunked_accuracy
from bp_tutor.lab.settings import setup_from_preset
from bp_tutor.nn import Trainer


def test_single_steps_match_the_engine_trainer() -> None:
    setup = setup_from_preset("toy-452")
    session = TrainingSession(setup)
    for _ in range(5):
        session.step_once()
    assert session.state == "paused"
    assert setup.dataset is not None
    reference = Trainer(setup.network(), setup.dataset, setup.make_optimizer(),
                        batch_size=setup.batch_size, seed=setup.seed)
    expected = [reference.step() for _ in range(5)]
    np.testing.assert_allclose(session.losses(), expected, rtol=1e-12)
    snap = session.snapshot()
    assert snap.steps == 5 and snap.last_loss == pytest.approx(expected[-1])


def test_run_pause_resume_in_a_thread() -> None:
    # No epoch target: moons' 200 epochs can end before the pause, and "finished" is not "paused".
    session = TrainingSession(dataclasses.replace(setup_from_preset("moons"), epochs=None))
    session.run()
    worker = threading.Thread(target=lambda: [session.run_chunk(max_seconds=0.01)
                                              for _ in range(20)])
    worker.start()
    time.sleep(0.05)
    session.pause()
    worker.join()
    paused_at = session.snapshot().steps
    assert session.state == "paused" and paused_at > 0
    assert session.run_chunk(max_seconds=0.01) == 0  # paused: no work
    session.run()
    assert session.run_chunk(max_steps=7) == 7
    assert session.snapshot().steps == paused_at + 7


def test_learning_rate_changes_only_while_not_running() -> None:
    session = TrainingSession(setup_from_preset("moons"))
    session.set_learning_rate(0.05)
    assert session.trainer.optimizer.learning_rate == 0.05
    session.run()
    with pytest.raises(SessionError, match="pause"):
        session.set_learning_rate(0.01)
    with pytest.raises(SessionError, match="pause"):
        session.step_once()
    session.pause()
    with pytest.raises(SessionError, match="above 0"):
        session.set_learning_rate(-1.0)


def test_divergence_stops_training_and_keeps_finite_weights() -> None:
    session = TrainingSession(setup_from_preset("blobs"))
    before = [p.copy() for p in session.net.params]
    session.set_learning_rate(500.0)
    session.run()
    for _ in range(50):
        session.run_chunk(max_steps=100)
        if session.state != "running":
            break
    snap = session.snapshot()
    assert snap.state == "diverged"
    # The suggestion is where the lab's own key leads: − halves η, three presses.
    assert snap.diverged is not None and snap.diverged.suggested_learning_rate == 500 * 0.5**3
    assert all(np.isfinite(p).all() for p in session.net.params)
    # The loss of step 2 was measured at the weights step 1 made, and blew up: the last weights
    # with a sane loss are the initial ones, measured by step 1.
    assert snap.diverged.step == 2
    for got, want in zip(session.net.params, before, strict=True):
        np.testing.assert_array_equal(got, want)
    # The student lowers η and goes on.
    session.set_learning_rate(0.1)
    session.run()
    assert session.run_chunk(max_steps=10) == 10 and session.snapshot().diverged is None


def test_reset_restores_the_initial_network() -> None:
    setup = setup_from_preset("toy-452")
    session = TrainingSession(setup)
    session.step_once()
    session.reset()
    assert session.state == "ready" and session.snapshot().steps == 0
    for got, want in zip(session.net.params, setup.network().params, strict=True):
        np.testing.assert_array_equal(got, want)


def test_accuracy_in_pieces_equals_the_whole() -> None:
    setup = setup_from_preset("digits")
    net, data = setup.network(), setup.dataset
    assert data is not None
    whole = float((net.predict(data.x_train) == data.labels_train).mean())
    assert chunked_accuracy(net, data.x_train, data.labels_train, rows=100) == pytest.approx(whole)


def test_boundary_only_for_plane_data() -> None:
    assert TrainingSession(setup_from_preset("digits")).boundary(10, 5) is None
    grid = TrainingSession(setup_from_preset("blobs")).boundary(12, 6)
    assert grid is not None and grid.classes.shape == (6, 12)
    assert set(np.unique(grid.classes)) <= {0, 1, 2}


def test_a_preset_without_data_cannot_be_trained() -> None:
    with pytest.raises(SessionError, match="no dataset"):
        TrainingSession(setup_from_preset("neuron"))


def _train(session: TrainingSession, steps: int) -> None:
    session.run()
    while session.running and session.snapshot().steps < steps:
        session.run_chunk(max_steps=steps - session.snapshot().steps)


def test_a_loss_swinging_far_above_its_start_counts_as_diverged() -> None:
    """At η = 512 toy-452's loss swings between ~0.7 and ~400 and never reaches the engine's
    1000× bound; the lab calls it diverged once a window's median stays far above the start."""
    session = TrainingSession(setup_from_preset("toy-452"))
    session.set_learning_rate(512.0)
    _train(session, 1000)
    snap = session.snapshot()
    assert snap.state == "diverged" and snap.diverged is not None
    assert "median loss" in snap.diverged.message
    # The loss of the step the window check stopped at is on the curve too.
    assert len(session.losses()) == snap.steps == snap.diverged.step
    assert snap.diverged.restored_step == 0
    assert snap.diverged.suggested_learning_rate == 64.0  # three presses of −
    assert all(np.isfinite(p).all() for p in session.net.params)
    # The weights are those of the last calm window, not the oscillating ones: their loss is sane.
    session.set_learning_rate(0.5)
    session.run()
    session.run_chunk(max_steps=5)
    assert session.snapshot().last_loss is not None and session.snapshot().last_loss < 10


@pytest.mark.parametrize("preset", ["toy-452", "xor", "moons", "blobs", "spiral", "digits"])
def test_no_false_alarm_on_normal_training(preset: str) -> None:
    """Every training preset at its own η trains to its epoch target (or 2000 steps) without the
    oscillation rule calling it diverged."""
    session = TrainingSession(setup_from_preset(preset))
    _train(session, 2000)
    assert session.state in ("running", "finished")
    assert session.snapshot().diverged is None


def test_training_stops_at_the_presets_epochs_and_goes_on_when_asked() -> None:
    setup = setup_from_preset("toy-452")
    assert setup.epochs == 2000
    session = TrainingSession(setup)
    _train(session, 5000)
    snap = session.snapshot()
    assert snap.state == "finished" and snap.steps == 2000 * session.trainer.batches_per_epoch
    assert snap.target_epochs == 2000
    session.run()  # space after "finished" trains on past the target
    assert session.run_chunk(max_steps=10) == 10 and session.state == "running"


def test_the_accuracy_curve_is_sampled_all_along_a_short_run() -> None:
    """toy-452's 2000 epochs take well under a second: the curve still has a point at least
    every 100 epochs, and each point is the accuracy a plain Trainer has at that epoch."""
    setup = setup_from_preset("toy-452")
    assert setup.dataset is not None
    session = TrainingSession(setup)
    _train(session, 5000)
    snap = session.snapshot(max_points=10**6)
    assert snap.state == "finished"
    per_epoch = session.trainer.batches_per_epoch
    epochs = [step // per_epoch for step in snap.accuracy_steps]
    assert epochs[0] == 0 and epochs[-1] == 2000
    assert max(b - a for a, b in itertools.pairwise(epochs)) <= 100, epochs
    reference = Trainer(setup.network(), setup.dataset, setup.make_optimizer(),
                        batch_size=setup.batch_size, seed=setup.seed)
    accuracy = {0: chunked_accuracy(reference.net, setup.dataset.x_test,
                                    setup.dataset.labels_test)}
    for epoch in range(1, 2001):
        accuracy[epoch] = reference.run_epoch().test_accuracy
    assert snap.test_accuracy == [pytest.approx(accuracy[e]) for e in epochs]


def test_the_advice_after_a_divergence_goes_below_every_eta_that_failed() -> None:
    """η = 128 fails, then η = 512: "three presses" would give 64, which is not below 128's
    failure by the same margin; the advice is 16 (five presses), what 128 got."""
    session = TrainingSession(setup_from_preset("toy-452"))
    session.set_learning_rate(128.0)
    _train(session, 4000)
    first = session.snapshot().diverged
    assert first is not None and (first.presses, first.suggested_learning_rate) == (3, 16.0)
    session.reset()  # the same network and data: what failed before still counts
    session.set_learning_rate(512.0)
    _train(session, 4000)
    second = session.snapshot().diverged
    assert second is not None and second.learning_rate == 512.0
    assert (second.presses, second.suggested_learning_rate) == (5, 16.0)
    assert 512.0 / 2**second.presses == second.suggested_learning_rate  # what − × 5 reaches
