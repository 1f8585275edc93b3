"""Long training curves cut to a bounded number of points without hiding spikes.

Averaging or striding would smooth a divergence spike away. Min/max bucketing splits the history
into buckets of w = ⌈n / (max_points / 2)⌉ consecutive points (the last one may be shorter) and
keeps, from each, its smallest and its largest point in their original order, so the drawn curve
still reaches every extreme the full history reached. A NaN is the point most worth seeing: a
bucket holding one keeps its first NaN.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def bucket_width(n: int, max_points: int) -> int:
    """Points per bucket so that n points make at most max_points // 2 buckets."""
    return -(-n // (max_points // 2))


def minmax_downsample(values: Sequence[float] | np.ndarray, max_points: int = 500
                      ) -> tuple[list[int], list[float]]:
    """(indices, values) of at most `max_points` points: the min and max of each bucket."""
    if max_points < 2:
        raise ValueError("max_points must be at least 2 (a bucket keeps its min and its max)")
    data = np.asarray(values, dtype=np.float64)
    n = len(data)
    if n <= max_points:
        return list(range(n)), data.tolist()
    width = bucket_width(n, max_points)
    full = n // width
    # Vectorised over whole buckets (this runs on the UI thread several times a second).
    blocks = data[:full * width].reshape(full, width)
    lo, hi = _extremes(blocks)
    starts = np.arange(full) * width
    pairs = [np.column_stack([starts + np.minimum(lo, hi), starts + np.maximum(lo, hi)])]
    if full * width < n:  # the shorter last bucket
        tail_lo, tail_hi = _extremes(data[full * width:].reshape(1, -1))
        start = full * width
        pairs.append(np.array([[start + min(tail_lo[0], tail_hi[0]),
                                start + max(tail_lo[0], tail_hi[0])]]))
    flat = np.concatenate(pairs).ravel()
    keep = flat[np.concatenate([[True], flat[1:] != flat[:-1]])]  # a flat bucket: one point
    return keep.tolist(), data[keep].tolist()


def _extremes(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the index of the min and of the max (both the first NaN if the row has one)."""
    nan = np.isnan(blocks)
    with np.errstate(invalid="ignore"):
        lo = np.argmin(np.where(nan, np.inf, blocks), axis=1)
        hi = np.argmax(np.where(nan, -np.inf, blocks), axis=1)
    has_nan = nan.any(axis=1)
    first_nan = np.argmax(nan, axis=1)
    return np.where(has_nan, first_nan, lo), np.where(has_nan, first_nan, hi)
