"""The decision-boundary grid: predicted classes over the plane, with training points on top."""

import numpy as np

from bp_tutor.lab.boundary import boundary_grid
from bp_tutor.nn import Network, parse_spec


def _left_right_network() -> Network:
    # One softmax layer whose logits are (−10·x₀, 10·x₀): class 1 exactly where x₀ > 0.
    spec = parse_spec({"layers": [{"units": 2, "activation": "softmax"}], "loss": "cross_entropy",
                       "inputs": 2, "weights": [[[-10.0, 10.0], [0.0, 0.0]]],
                       "biases": [[0.0, 0.0]]})
    return Network.from_spec(spec)


def test_grid_classes_follow_the_network_and_points_are_a_fixed_sample():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=(500, 2))
    labels = (x[:, 0] > 0).astype(np.int64)
    grid = boundary_grid(_left_right_network(), x, columns=21, rows=9, labels=labels,
                         max_points=50)
    assert grid.classes.shape == (9, 21)
    expected = np.broadcast_to((grid.xs > 0).astype(np.int64), (9, 21))
    np.testing.assert_array_equal(grid.classes, expected)
    assert grid.xs.min() < x[:, 0].min() and grid.xs.max() > x[:, 0].max()  # a margin around
    assert grid.points.shape == (50, 2) and grid.labels.shape == (50,)
    rows = [int(np.flatnonzero((x == p).all(axis=1))[0]) for p in grid.points]
    np.testing.assert_array_equal(grid.labels, labels[rows])  # each point keeps its own label
    again = boundary_grid(_left_right_network(), x, 21, 9, labels=labels, max_points=50)
    np.testing.assert_array_equal(again.points, grid.points)


def test_without_labels_no_points_are_drawn():
    x = np.array([[0.0, 0.0], [1.0, 1.0]])
    grid = boundary_grid(_left_right_network(), x, 5, 5)
    assert grid.points.shape == (0, 2) and grid.labels.shape == (0,)
