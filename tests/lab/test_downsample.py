from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bp_tutor.lab.downsample import minmax_downsample


def test_short_series_is_returned_unchanged() -> None:
    assert minmax_downsample([3.0, 1.0, 2.0], max_points=10) == ([0, 1, 2], [3.0, 1.0, 2.0])


def test_a_single_spike_survives() -> None:
    data = np.ones(100_000)
    data[54_321] = 1e6
    index, values = minmax_downsample(data, 500)
    assert len(index) <= 500
    assert 54_321 in index and max(values) == 1e6


def test_nan_is_kept() -> None:
    data = np.linspace(0, 1, 10_000)
    data[777] = math.nan
    index, values = minmax_downsample(data, 100)
    assert 777 in index and any(math.isnan(v) for v in values)


def test_too_few_points_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        minmax_downsample([1.0, 2.0, 3.0], 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=3000),
       st.integers(2, 300))
def test_every_bucket_keeps_its_min_and_max(data: list[float], max_points: int) -> None:
    index, values = minmax_downsample(data, max_points)
    assert len(index) <= max_points
    assert index == sorted(set(index))
    assert values == [data[i] for i in index]
    if len(data) <= max_points:
        return
    # Buckets of w = ceil(n / (max_points // 2)) consecutive points, the last one shorter.
    width = math.ceil(len(data) / (max_points // 2))
    for lo in range(0, len(data), width):
        kept = [data[i] for i in index if lo <= i < lo + width]
        bucket = data[lo:lo + width]
        assert min(bucket) in kept and max(bucket) in kept
