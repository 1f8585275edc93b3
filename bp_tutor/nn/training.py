"""The training loop: mini-batches, epochs, accuracy, and stopping safely when training diverges.

    for each epoch:  shuffle;  for each mini-batch (x, y):  forward, backward, θ ← optimizer(θ, g)

A loss that becomes NaN or ∞, or grows past `explode_factor` times the first loss, stops training
with `Diverged`; the network is put back to the last weights that still gave a finite loss.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from bp_tutor.nn.datasets import Dataset
from bp_tutor.nn.network import Network
from bp_tutor.nn.optimizers import Optimizer

Array = NDArray[np.floating]


class Diverged(RuntimeError):
    """Training stopped because the loss blew up; the message says why and what to try."""

    def __init__(self, step: int, loss: float, learning_rate: float, reason: str) -> None:
        suggestion = learning_rate / 10
        super().__init__(
            f"training diverged at step {step}: {reason}. The learning rate {learning_rate:g} is "
            f"probably too large: try {suggestion:g}. The weights are back to those of the last "
            "good step."
        )
        self.step = step
        self.loss = loss
        self.learning_rate = learning_rate
        self.suggested_learning_rate = suggestion


@dataclass(frozen=True)
class EpochResult:
    epoch: int
    loss: float  # mean of the mini-batch losses of this epoch
    train_accuracy: float
    test_accuracy: float
    steps: int  # total steps so far


def accuracy(net: Network, x: Array, labels: NDArray[np.int64]) -> float:
    return float((net.predict(x) == labels).mean())


@dataclass
class Trainer:
    net: Network
    dataset: Dataset
    optimizer: Optimizer
    batch_size: int = 32
    seed: int = 0
    explode_factor: float = 1e3
    history: list[EpochResult] = field(default_factory=list)
    step_losses: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        dtype = self.net.dtype
        self._x = self.dataset.x_train.astype(dtype, copy=False)
        self._y = self.dataset.targets(self.dataset.labels_train, self.net.sizes[-1]).astype(
            dtype, copy=False)
        self._rng = np.random.default_rng(self.seed)
        self._order: NDArray[np.intp] = np.empty(0, dtype=np.intp)
        self._cursor = 0
        self.epoch = 0
        self.steps = 0
        self._epoch_losses: list[float] = []
        self._first_loss: float | None = None
        self._last_good: list[Array] = self.net.params

    @property
    def batches_per_epoch(self) -> int:
        return math.ceil(len(self._x) / self.batch_size)

    def step(self) -> float:
        """One mini-batch step; returns its loss (raises Diverged)."""
        if self._cursor >= len(self._order):
            self._order = self._rng.permutation(len(self._x))
            self._cursor = 0
        batch = self._order[self._cursor:self._cursor + self.batch_size]
        self._cursor += self.batch_size
        before = self.net.params  # optimizers return new arrays, so this is a free snapshot
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            loss = self.net.train_step(self._x[batch], self._y[batch], self.optimizer)
        assert isinstance(loss, float)
        self.steps += 1
        self._check(loss, before)
        self.step_losses.append(loss)
        self._epoch_losses.append(loss)
        return loss

    def _check(self, loss: float, before: list[Array]) -> None:
        """`loss` was measured at the weights `before`; the network now holds the next ones."""
        if not math.isfinite(loss):
            restore, reason = self._last_good, f"the loss became {loss}"
        elif (self._first_loss is not None
              and loss > self.explode_factor * max(self._first_loss, 1e-3)):
            restore = self._last_good
            reason = (f"the loss grew from {self._first_loss:.4g} to {loss:.4g}, "
                      f"more than {self.explode_factor:g} times its first value")
        elif not all(np.isfinite(p).all() for p in self.net.params):
            restore, reason = before, "the weights became NaN or infinite"
        else:
            self._last_good = before
            if self._first_loss is None:
                self._first_loss = loss
            return
        self.net.set_params(restore)
        self.optimizer.reset()
        raise Diverged(self.steps, loss, self.optimizer.learning_rate, reason)

    def run_epoch(self) -> EpochResult:
        """As many steps as one pass over the training set; then the accuracies."""
        self._epoch_losses = []
        for _ in range(self.batches_per_epoch):
            self.step()
        self.epoch += 1
        result = EpochResult(
            epoch=self.epoch,
            loss=float(np.mean(self._epoch_losses)),
            train_accuracy=accuracy(self.net, self.dataset.x_train, self.dataset.labels_train),
            test_accuracy=accuracy(self.net, self.dataset.x_test, self.dataset.labels_test),
            steps=self.steps,
        )
        self.history.append(result)
        return result
