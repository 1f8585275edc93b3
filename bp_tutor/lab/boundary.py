"""A decision boundary: the class the network predicts at each point of a coarse grid of the plane.

The grid spans the data's range plus a margin of 10 %, so the data sits inside the picture.
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


def boundary_grid(net: Network, x: NDArray[np.floating], columns: int, rows: int) -> BoundaryGrid:
    lo, hi = x.min(axis=0), x.max(axis=0)
    margin = 0.1 * np.maximum(hi - lo, 1e-9)
    lo, hi = lo - margin, hi + margin
    xs = np.linspace(lo[0], hi[0], columns)
    ys = np.linspace(lo[1], hi[1], rows)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()]).astype(net.dtype)
    classes = net.predict(points).reshape(rows, columns)
    return BoundaryGrid(xs, ys, classes.astype(np.int64))
