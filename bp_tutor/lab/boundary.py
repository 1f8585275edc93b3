"""A decision boundary: the class the network predicts at each point of a coarse grid of the plane.

The grid spans the data's range plus a margin of 10 %, so the data sits inside the picture. A
sample of the training points is kept with it, so the picture shows which points the boundary
gets wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bp_tutor.nn import Network


@dataclass(frozen=True)
class BoundaryGrid:
    xs: NDArray[np.float64]  # the grid's column centres (length columns)
    ys: NDArray[np.float64]  # its row centres, bottom to top (length rows)
    classes: NDArray[np.int64]  # (rows, columns): predicted class, row 0 at the bottom
    points: NDArray[np.float64]  # (n, 2): training points drawn over the grid
    labels: NDArray[np.int64]  # (n,): their true classes


def boundary_grid(net: Network, x: NDArray[np.floating], columns: int, rows: int,
                  labels: NDArray[np.int64] | None = None, max_points: int = 120) -> BoundaryGrid:
    """The grid's predicted classes, and up to `max_points` of the points x (evenly spaced in
    the data's order, so the same points every time) with their true `labels`."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    margin = 0.1 * np.maximum(hi - lo, 1e-9)
    lo, hi = lo - margin, hi + margin
    xs = np.linspace(lo[0], hi[0], columns)
    ys = np.linspace(lo[1], hi[1], rows)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()]).astype(net.dtype)
    classes = net.predict(points).reshape(rows, columns)
    if labels is None:
        shown = np.empty(0, dtype=np.intp)
        labels = np.empty(0, dtype=np.int64)
    else:
        shown = np.linspace(0, len(x) - 1, min(max_points, len(x))).round().astype(np.intp)
    return BoundaryGrid(xs, ys, classes.astype(np.int64),
                        np.asarray(x[shown], dtype=np.float64).reshape(-1, 2),
                        np.asarray(labels)[shown].astype(np.int64))
