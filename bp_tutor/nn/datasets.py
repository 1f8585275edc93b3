"""Small classification datasets, generated from a seed or shipped with the package (no downloads).

    xor       the four corners of the unit square, label x₁ XOR x₂
    toy452    four binary inputs, class 1 when the first two hold more ones than the last two
              (the ten patterns without a tie); the 4-5-2 example of the lessons trains on it
    spiral    three interleaved spiral arms in the plane, 100 points each
    moons     two interleaving half circles with noise
    blobs     three Gaussian clusters in the plane
    digits    8×8 images of handwritten digits, 1,797 samples, pixels scaled to [0, 1]
              (the test set of the UCI "Optical Recognition of Handwritten Digits" data,
              E. Alpaydin and C. Kaynak, CC BY 4.0; shipped in bp_tutor/nn/data/digits.npz)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.floating]
IntArray = NDArray[np.int64]

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Dataset:
    name: str
    x_train: FloatArray
    labels_train: IntArray
    x_test: FloatArray
    labels_test: IntArray
    n_classes: int

    @property
    def n_features(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def held_out(self) -> bool:
        """Whether the test set is apart from the training set (xor and toy452 have none)."""
        return self.x_test is not self.x_train

    def targets(self, labels: IntArray, n_outputs: int) -> FloatArray:
        """Targets for a network with `n_outputs` units: one-hot rows, or a 0/1 column for one unit."""
        dtype = self.x_train.dtype
        if n_outputs == 1:
            return labels.reshape(-1, 1).astype(dtype)
        return np.eye(n_outputs, dtype=dtype)[labels]

    @property
    def y_train(self) -> FloatArray:
        return self.targets(self.labels_train, self.n_classes)

    @property
    def y_test(self) -> FloatArray:
        return self.targets(self.labels_test, self.n_classes)


def _xor(rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return x, np.array([0, 1, 1, 0])


def _toy452(rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    patterns = np.array([[(i >> k) & 1 for k in (3, 2, 1, 0)] for i in range(16)], dtype=np.float64)
    first, last = patterns[:, :2].sum(axis=1), patterns[:, 2:].sum(axis=1)
    keep = first != last
    return patterns[keep], (first[keep] > last[keep]).astype(np.int64)


def _spiral(rng: np.random.Generator, per_class: int = 100, classes: int = 3
            ) -> tuple[FloatArray, IntArray]:
    xs, labels = [], []
    for k in range(classes):
        r = np.linspace(0.0, 1.0, per_class)
        t = np.linspace(k * 4.0, (k + 1) * 4.0, per_class) + rng.standard_normal(per_class) * 0.2
        xs.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        labels.append(np.full(per_class, k))
    return np.vstack(xs), np.concatenate(labels)


def _moons(rng: np.random.Generator, n: int = 400) -> tuple[FloatArray, IntArray]:
    half = n // 2
    t = rng.uniform(0.0, np.pi, size=half)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    x = np.vstack([upper, lower]) + rng.normal(scale=0.1, size=(2 * half, 2))
    return x, np.repeat([0, 1], half)


def _blobs(rng: np.random.Generator, per_class: int = 100) -> tuple[FloatArray, IntArray]:
    centres = np.array([[-2.0, -1.0], [2.0, -1.0], [0.0, 2.0]])
    x = np.vstack([c + rng.normal(scale=0.8, size=(per_class, 2)) for c in centres])
    return x, np.repeat(np.arange(len(centres)), per_class)


def _digits(rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    with np.load(DATA_DIR / "digits.npz") as data:
        return data["images"].astype(np.float64) / 16.0, data["labels"].astype(np.int64)


_GENERATORS: dict[str, tuple[Callable[[np.random.Generator], tuple[FloatArray, IntArray]], int, bool]] = {
    # name: (generator, classes, split into train/test?)
    "xor": (_xor, 2, False),
    "toy452": (_toy452, 2, False),
    "spiral": (_spiral, 3, True),
    "moons": (_moons, 2, True),
    "blobs": (_blobs, 3, True),
    "digits": (_digits, 10, True),
}
DATASETS: tuple[str, ...] = tuple(_GENERATORS)


def load_dataset(name: str, seed: int = 0, test_fraction: float = 0.2,
                 dtype: type[np.floating] = np.float64) -> Dataset:
    """The dataset `name`, shuffled and split from `seed`.

    xor and toy452 are too small to hold anything back: their test set is the training set.
    """
    try:
        generate, classes, split = _GENERATORS[name]
    except KeyError:
        raise ValueError(f"unknown dataset {name!r}; expected one of {', '.join(DATASETS)}") from None
    rng = np.random.default_rng(seed)
    x, labels = generate(rng)
    if not split:
        x, labels = x.astype(dtype), labels.astype(np.int64)
        return Dataset(name, x, labels, x, labels, classes)
    order = rng.permutation(len(x))
    x, labels = x[order].astype(dtype), labels[order].astype(np.int64)
    n_test = round(len(x) * test_fraction)
    return Dataset(name, x[n_test:], labels[n_test:], x[:n_test], labels[:n_test], classes)
