"""The training session behind the train view: a small state machine, safe to drive from a worker.

    ready ──run──▶ running ──pause──▶ paused ──run──▶ running
      │  ▲            │                  │
      │  └──reset─────┴──────────────────┤   (reset from any state)
      └──step──▶ paused                  └──step──▶ paused (one mini-batch)
    running ──Diverged──▶ diverged  (weights back to the last good ones; lower η, then run again)
    running ──preset's epochs reached──▶ finished  (run again to train on past them)

The worker thread calls `run_chunk` in a loop while the state is "running"; the screen calls the
other methods from the UI thread. One lock guards the trainer, so a pause, a reset or a change of
the learning rate never lands in the middle of a step.
"""

from __future__ import annotations

import threading
import time
from array import array
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from bp_tutor.lab.boundary import BoundaryGrid, boundary_grid
from bp_tutor.lab.downsample import minmax_downsample
from bp_tutor.lab.settings import LabSetup
from bp_tutor.nn import Diverged, Network, Trainer

State = Literal["ready", "running", "paused", "diverged", "finished"]
MAX_PLOT_POINTS = 500
MAX_LEARNING_RATE = 1e3  # η must stay below this (the settings form says the same)
# `−` halves η, so the lab suggests three presses (η/8) where the engine's message says η/10:
# a value the student can reach with the keys the lab offers. Three presses below the lowest η
# that has diverged in this session, that is: if 128 failed before, 512 fails now, 64 is no cure.
SUGGESTED_PRESSES = 3
ACCURACY_CHUNK = 128
# Accuracy is measured at the end of an epoch, unless less than this many times the cheapest
# measurement's cost has gone by since the last: measuring then takes at most a twentieth of the
# time (1/(1 + 19)), training the rest. A wall-clock interval instead left a run of a second
# with a handful of points, and the curve drew a straight ramp between them, long after the
# accuracy had stopped moving.
ACCURACY_COST_FACTOR = 19.0


def chunked_accuracy(net: Network, x: NDArray[np.floating], labels: NDArray[np.int64],
                     rows: int = ACCURACY_CHUNK) -> float:
    """The fraction of `x` classified right, predicted `rows` samples at a time.

    One product over the whole set is big enough for the BLAS library to wake its helper threads,
    which costs far more than the product itself when it happens once an epoch between thousands
    of small single-threaded steps; small pieces stay on the calling thread.
    """
    right = 0
    for start in range(0, len(x), rows):
        right += int((net.predict(x[start:start + rows]) == labels[start:start + rows]).sum())
    return right / max(len(x), 1)


class SessionError(RuntimeError):
    """An action the current state does not allow (the message says which and why)."""


@dataclass(frozen=True)
class Snapshot:
    """What the train view draws, copied out under the lock."""

    state: State
    steps: int
    epoch: float  # steps / batches per epoch
    target_epochs: int | None  # where training stops ("finished"): the preset's epochs
    learning_rate: float
    last_loss: float | None
    loss_steps: list[int]  # downsampled loss curve: step numbers ...
    loss_values: list[float]  # ... and losses
    accuracy_steps: list[int]
    train_accuracy: list[float]
    test_accuracy: list[float]
    diverged: DivergedInfo | None


@dataclass(frozen=True)
class DivergedInfo:
    """Why training stopped: the step, the loss it reached, η then, and a safer η to try with
    the number of presses of − that lead to it."""

    step: int
    loss: float
    learning_rate: float
    suggested_learning_rate: float
    presses: int
    restored_step: int  # the weights now are those after this step (0: the initial ones)
    message: str  # the engine's English sentence (tools and logs)


class TrainingSession:
    def __init__(self, setup: LabSetup) -> None:
        if setup.dataset is None:
            raise SessionError(f"{setup.title} names no dataset, so there is nothing to train on")
        self.setup = setup
        self._lock = threading.Lock()
        self._hold_until = 0.0
        self._learning_rate = setup.learning_rate
        self._lowest_diverged = float("inf")  # kept across resets: the same network and data
        self._presses = SUGGESTED_PRESSES  # of −, suggested after the last divergence
        self._build()

    def _build(self) -> None:
        assert self.setup.dataset is not None
        self.net: Network = self.setup.network()
        self.trainer = Trainer(self.net, self.setup.dataset,
                               self.setup.make_optimizer(self._learning_rate),
                               batch_size=self.setup.batch_size, seed=self.setup.seed)
        self.state: State = "ready"
        self._losses = array("d")
        self._acc_steps: list[int] = []
        self._train_acc: list[float] = []
        self._test_acc: list[float] = []
        self._diverged: Diverged | None = None
        self._accuracy_cost = float("inf")
        self._record_accuracy()

    # -- state changes (UI thread) -------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    def run(self) -> None:
        """Start or resume training (also after a divergence, e.g. with a lower η)."""
        with self._lock:
            self.state = "running"
            self._diverged = None

    def pause(self) -> None:
        with self._lock:
            if self.state == "running":
                self.state = "paused"

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.run()

    def step_once(self) -> None:
        """One mini-batch while not running; the session is paused afterwards."""
        with self._lock:
            if self.state == "running":
                raise SessionError("pause training before stepping one batch at a time")
            self._diverged = None
            self.state = "paused"
            self._steps(1)
            at_epoch_end = self.trainer.steps % self.trainer.batches_per_epoch == 0
            if at_epoch_end and self._acc_steps[-1] != self.trainer.steps:
                self._record_accuracy()  # stepping by hand: every epoch end counts

    def reset(self) -> None:
        """Back to the initial weights, with the current learning rate."""
        with self._lock:
            self._build()

    def set_learning_rate(self, learning_rate: float) -> None:
        """Change η; only while not running, so a curve never changes η mid-stretch unseen."""
        if not 0 < learning_rate < MAX_LEARNING_RATE or learning_rate != learning_rate:
            raise SessionError("the learning rate must be above 0 and below 1000")
        with self._lock:
            if self.state == "running":
                raise SessionError("pause training before changing the learning rate")
            self._learning_rate = learning_rate
            self.trainer.optimizer.learning_rate = learning_rate

    def hold(self, seconds: float) -> None:
        """Let the worker sleep for `seconds`: the UI has a key press to answer and draw."""
        self._hold_until = time.perf_counter() + seconds

    # -- work (worker thread) ------------------------------------------------------------------
    def run_chunk(self, max_steps: int = 1_000_000, max_seconds: float = 0.05) -> int:
        """Train while running, for up to `max_steps` steps or `max_seconds`; returns steps done."""
        done = 0
        deadline = time.perf_counter() + max_seconds
        while done < max_steps and (now := time.perf_counter()) < deadline:
            if now < self._hold_until:
                # Asleep, the worker leaves the GIL to the UI thread, which is answering a key.
                time.sleep(min(self._hold_until - now, 0.005))
                continue
            with self._lock:
                if self.state != "running":
                    break
                # Several steps per lock: taking it is cheap, but not free at ~10k steps/s.
                done += self._steps(min(8, max_steps - done))
        return done

    def _steps(self, count: int) -> int:
        """`count` steps under the lock; stops at a divergence. Returns steps completed."""
        trainer = self.trainer
        per_epoch = trainer.batches_per_epoch
        done = 0
        target = self.setup.epochs * per_epoch if self.setup.epochs else None
        try:
            for _ in range(count):
                trainer.step()
                done += 1
                if (trainer.steps % per_epoch == 0 and time.perf_counter() - self._accuracy_time
                        >= ACCURACY_COST_FACTOR * self._accuracy_cost):
                    self._record_accuracy()
                if trainer.steps == target and self.state == "running":
                    trainer.finish()  # a runaway in the last, partial window still counts
                    self.state = "finished"  # == only: run again goes on past the target
                    if self._acc_steps[-1] != trainer.steps:
                        self._record_accuracy()
                    break
        except Diverged as error:
            self.state = "diverged"
            self._diverged = error
            self._lowest_diverged = min(self._lowest_diverged, error.learning_rate)
            self._presses = SUGGESTED_PRESSES  # enough to go that far below the lowest
            while error.learning_rate / 2**self._presses > self._lowest_diverged / 2**SUGGESTED_PRESSES:
                self._presses += 1
        # The trainer's list has every step's loss, the one a window check stopped at included;
        # ours is the compact copy.
        self._losses.extend(trainer.step_losses)
        trainer.step_losses.clear()
        return done

    def _record_accuracy(self) -> None:
        start = time.perf_counter()
        dataset = self.trainer.dataset
        self._acc_steps.append(self.trainer.steps)
        self._train_acc.append(chunked_accuracy(self.net, dataset.x_train, dataset.labels_train))
        self._test_acc.append(chunked_accuracy(self.net, dataset.x_test, dataset.labels_test))
        self._accuracy_time = time.perf_counter()
        # The least a measurement has cost: one that a busy machine preempted must not make the
        # next ones rare.
        self._accuracy_cost = min(self._accuracy_cost, self._accuracy_time - start)

    # -- reading (any thread) ------------------------------------------------------------------
    def snapshot(self, max_points: int = MAX_PLOT_POINTS) -> Snapshot:
        with self._lock:
            losses = np.frombuffer(self._losses, dtype=np.float64).copy()
            acc_steps = list(self._acc_steps)
            train_acc, test_acc = list(self._train_acc), list(self._test_acc)
            state, steps = self.state, self.trainer.steps
            per_epoch = self.trainer.batches_per_epoch
            diverged, presses = self._diverged, self._presses
        loss_index, loss_values = minmax_downsample(losses, max_points)
        acc_index, _ = minmax_downsample(np.asarray(test_acc), max_points)
        return Snapshot(
            state=state, steps=steps, epoch=steps / per_epoch,
            target_epochs=self.setup.epochs, learning_rate=self._learning_rate,
            last_loss=float(losses[-1]) if len(losses) else None,
            loss_steps=[i + 1 for i in loss_index], loss_values=loss_values,
            accuracy_steps=[acc_steps[i] for i in acc_index],
            train_accuracy=[train_acc[i] for i in acc_index],
            test_accuracy=[test_acc[i] for i in acc_index],
            diverged=None if diverged is None else DivergedInfo(
                diverged.step, diverged.loss, diverged.learning_rate,
                diverged.learning_rate / 2**presses, presses,
                0 if diverged.restored_step is None else diverged.restored_step, str(diverged)),
        )

    def losses(self) -> NDArray[np.float64]:
        """Every step's loss so far (a copy)."""
        with self._lock:
            return np.frombuffer(self._losses, dtype=np.float64).copy()

    def boundary(self, columns: int, rows: int) -> BoundaryGrid | None:
        """The predicted class over the plane, for a 2-D dataset (else None)."""
        dataset = self.trainer.dataset
        if dataset.n_features != 2:
            return None
        with self._lock:
            return boundary_grid(self.net, dataset.x_train, columns, rows,
                                 labels=dataset.labels_train)
