"""How close a typed answer must be to count, and how far apart two answers must be to tell them
apart.

Each value v of an answer is judged against its own reference r:

    |v − r| ≤ allowed(r) = max(ABS_TOLERANCE, REL_TOLERANCE·|r|)

A fixed absolute tolerance would be either too loose for the small numbers backprop produces
(δ ≈ 0.03 with ±0.01 lets a 30% error through) or too tight for a derivative of 12. The floor of
0.002 keeps values near 0 (a ReLU slope, an entry of δ that happens to be tiny) answerable with
three decimals. Rounding to 3 decimals errs by at most 0.0005 and rounding to 3 significant
figures by at most 0.5%, so either always lands inside the tolerance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating[Any]]

ABS_TOLERANCE = 0.002
REL_TOLERANCE = 0.01
# Below this size the absolute floor is the larger of the two: max(0.002, 1% of 0.2) = 0.002.
SMALL_BELOW = ABS_TOLERANCE / REL_TOLERANCE


def allowed_error(reference: Array | float) -> Array:
    """Per value of `reference`: the largest error that still counts as right."""
    return np.maximum(ABS_TOLERANCE, REL_TOLERANCE * np.abs(np.asarray(reference, np.float64)))


def comparable(a: Array, b: Array) -> tuple[Array, Array] | None:
    """The two arrays in one shape if they hold the same number of values in the same layout
    (a 1×3 matrix and a 3-vector are the same answer), else None."""
    if a.shape == b.shape:
        return a, b
    if a.size == b.size and tuple(d for d in a.shape if d != 1) == tuple(
            d for d in b.shape if d != 1):
        return a.reshape(-1), b.reshape(-1)
    return None


def close(value: Array | float, reference: Array | float) -> bool:
    """Every value within the error allowed for its reference (and compatible shapes)."""
    pair = comparable(np.asarray(value, np.float64), np.asarray(reference, np.float64))
    if pair is None:
        return False
    typed, exact = pair
    return bool(np.all(np.abs(typed - exact) <= allowed_error(exact)))


def distinguishable(a: Array | float, b: Array | float) -> bool:
    """True when no typed answer can be within tolerance of both `a` and `b`.

    A typed v near both needs |a − b| ≤ allowed(a) + allowed(b) in every value, so it is enough
    that one value differs by more than twice the larger of the two allowances."""
    pair = comparable(np.asarray(a, np.float64), np.asarray(b, np.float64))
    if pair is None:
        return True
    left, right = pair
    margin = 2 * np.maximum(allowed_error(left), allowed_error(right))
    return bool(np.any(np.abs(left - right) > margin))


def wants_significant_figures(reference: Array | float) -> bool:
    """Whether to ask for 3 significant figures rather than 3 decimals: once a value reaches 10,
    the third decimal is far below the 1% that counts and only costs typing."""
    return bool(np.any(np.abs(np.asarray(reference, np.float64)) >= 10))
