"""An independent NumPy computation of one training step of the toy-452 preset, straight from its
JSON file (not through the engine), for checking what the lab shows."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from bp_tutor.paths import presets_dir


def toy452_reference() -> dict[str, np.ndarray]:
    raw = json.loads((presets_dir() / "toy-452.json").read_text(encoding="utf-8"))
    x, y = np.array(raw["x"]), np.array(raw["y"])
    W1, W2 = (np.array(w) for w in raw["weights"])
    b1, b2 = (np.array(b) for b in raw["biases"])
    lr, n = raw["learning_rate"], len(x)
    z1 = x @ W1 + b1
    a1 = 1 / (1 + np.exp(-z1))
    z2 = a1 @ W2 + b2
    e = np.exp(z2 - z2.max(axis=1, keepdims=True))
    a2 = e / e.sum(axis=1, keepdims=True)
    loss = -np.sum(y * np.log(a2)) / n
    delta2 = (a2 - y) / n
    dW2, db2 = a1.T @ delta2, delta2.sum(axis=0)
    delta1 = (delta2 @ W2.T) * a1 * (1 - a1)
    dW1, db1 = x.T @ delta1, delta1.sum(axis=0)
    return {
        "x": x, "y": y, "W1": W1, "b1": b1, "W2": W2, "b2": b2,
        "z1": z1, "a1": a1, "z2": z2, "a2": a2, "L": np.array(loss),
        "delta2": delta2, "dW2": dW2, "db2": db2, "delta1": delta1, "dW1": dW1, "db1": db1,
        "update_W1": W1 - lr * dW1, "update_b1": b1 - lr * db1,
        "update_W2": W2 - lr * dW2, "update_b2": b2 - lr * db2,
    }


DECAY = 0.1  # λ of `write_decay_preset`


def write_decay_preset(folder: Path) -> Path:
    """A small ReLU/softmax spec with weight decay λ = DECAY, as a teacher's own preset file."""
    spec = {"layers": [{"units": 3, "activation": "relu"}, {"units": 2, "activation": "softmax"}],
            "loss": "cross_entropy", "x": [[1, 2], [0.5, -1]], "y": [[1, 0], [0, 1]],
            "weight_decay": DECAY, "seed": 1}
    path = folder / "decay.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path
