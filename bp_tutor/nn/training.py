"""The training loop: mini-batches, epochs, accuracy, and stopping safely when training diverges.

    for each epoch:  shuffle;  for each mini-batch (x, y):  forward, backward, θ ← optimizer(θ, g)

Training stops with `Diverged`, and the network is put back to good weights, when
- the loss becomes NaN or ∞, the weights do, or one step's loss passes `explode_factor` × the
  starting loss (back to the last weights whose loss was sane: at most `runaway_factor` × the
  starting loss);
- the median loss of a whole window of `runaway_window` steps stays above `runaway_factor` × the
  starting loss (back to the weights of two window ends ago: a runaway that began inside the last
  window that looked calm must not be restored). A loss can swing between its start and hundreds
  of times it for good, never passing the first bound: 0.7 ↔ 376 for the 4-5-2 example at
  η = 512. The median of a window sees through single calm steps. `finish` judges the last,
  partial window, so a run shorter than a window is judged too.

The starting loss is that of the initial weights on the whole training set (scaled to one batch's
size when the loss is a sum). One mini-batch's first loss is no yardstick: with batch size 1 it
can be near 0 by chance (0.003 on xor), and ordinary training would then look like a runaway.
Measured on every lab preset at its own η, the window median never passed 0.33× the starting
loss, while the oscillating runs reach 90× and more: 20× leaves a wide margin against false
alarms.
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
    """Training stopped because the loss blew up; the message says why and what to try.

    `cause` ("loss", "grew", "weights" or "window") and `details` (the numbers the reason
    quotes) let a caller say the same in another language.
    """

    def __init__(self, step: int, loss: float, learning_rate: float, reason: str,
                 restored_step: int | None = None, cause: str = "",
                 details: dict[str, float] | None = None) -> None:
        suggestion = learning_rate / 10
        restored = ("those of the last good step" if restored_step is None
                    else "the initial ones" if restored_step == 0
                    else f"those after step {restored_step}")
        super().__init__(
            f"training diverged at step {step}: {reason}. The learning rate {learning_rate:g} is "
            f"probably too large: try {suggestion:g}. The weights are back to {restored}."
        )
        self.step = step
        self.restored_step = restored_step
        self.loss = loss
        self.learning_rate = learning_rate
        self.suggested_learning_rate = suggestion
        self.cause = cause
        self.details = details or {}


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
    runaway_window: int = 200
    runaway_factor: float = 20.0
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
        # Weights to go back to, and the step after which they held (0: the initial weights).
        self._last_good: tuple[list[Array], int] = (self.net.params, 0)  # the last sane loss
        # The last two calm window ends: a runaway goes back to the older one.
        self._calm: list[tuple[list[Array], int]] = [(self.net.params, 0)] * 2
        self._window: list[float] = []  # the losses since the last window check
        if self.runaway_window < 1 or not self.runaway_factor > 0 or not self.explode_factor > 0:
            raise ValueError("runaway_window must be at least 1, and both factors above 0")
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            start = self.net.loss_value(self._x, self._y)
        if self.net.reduction == "sum":  # a step's loss sums one batch, not the whole set
            start *= min(self.batch_size, len(self._x)) / len(self._x)
        # The floor keeps a near-perfect start (loss ≈ 0) from making any wobble a runaway. A
        # start that overflows (a sum over the whole set in float32) gives way to the first
        # step's loss.
        self.start_loss: float | None = max(start, 1e-3) if math.isfinite(start) else None

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
        self._window.append(loss)
        if len(self._window) >= self.runaway_window:
            self._check_window()
        return loss

    def finish(self) -> None:
        """Judge the last, partial window (raises Diverged): call it when training ends."""
        if self._window:
            self._check_window()

    def _check(self, loss: float, before: list[Array]) -> None:
        """`loss` was measured at the weights `before`; the network now holds the next ones."""
        if math.isfinite(loss):
            if self.start_loss is None:
                self.start_loss = max(loss, 1e-3)
            if loss <= self.runaway_factor * self.start_loss:
                # Only weights with a sane loss are worth going back to: weights just under the
                # 1000× bound would trip it again at any learning rate.
                self._last_good = (before, self.steps - 1)
        details: dict[str, float] = {}
        if not math.isfinite(loss):
            cause, reason = "loss", f"the loss became {loss}"
        elif self.start_loss is not None and loss > self.explode_factor * self.start_loss:
            cause = "grew"
            details = {"start": self.start_loss, "factor": self.explode_factor}
            reason = (f"the loss grew from {self.start_loss:.4g} at the start to {loss:.4g}, "
                      f"more than {self.explode_factor:g} times as much")
        elif not all(np.isfinite(p).all() for p in self.net.params):
            cause, reason = "weights", "the weights became NaN or infinite"
        else:
            return
        self._stop(self._last_good, loss, reason, cause, details)

    def _check_window(self) -> None:
        """At the end of each window: a median far above the starting loss is a runaway."""
        median = float(np.median(self._window))
        if self.start_loss is None or median <= self.runaway_factor * self.start_loss:
            self._calm = [self._calm[1], (self.net.params, self.steps)]
            self._window.clear()
            return
        self._stop(self._calm[0], median,
                   f"the median loss of the last {len(self._window)} steps is {median:.4g}, "
                   f"more than {self.runaway_factor:g} times the starting loss "
                   f"{self.start_loss:.4g}", "window",
                   {"steps": len(self._window), "factor": self.runaway_factor,
                    "start": self.start_loss})

    def _stop(self, restore: tuple[list[Array], int], loss: float, reason: str, cause: str,
              details: dict[str, float]) -> None:
        """Put the weights `restore` back, forget the optimizer's state and the window, and raise
        Diverged."""
        params, restored_step = restore
        self.net.set_params(params)
        self._last_good = restore
        # Checkpoints only ever move back: weights a stop put back may themselves be far from calm
        # (just under the 1000× bound), and must not become the place a runaway returns to.
        self._calm = [c if c[1] <= restored_step else restore for c in self._calm]
        self.optimizer.reset()
        self._window.clear()
        raise Diverged(self.steps, loss, self.optimizer.learning_rate, reason, restored_step,
                       cause, details)

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
