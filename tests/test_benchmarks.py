"""The benchmarks' own arithmetic: what they count and what they compare against must be right,
or their ratios mean nothing. (Their timings are not asserted: the machines are too noisy.)"""

from __future__ import annotations

import numpy as np

from benchmarks import engine
from bp_tutor.nn import SGD, load_dataset


def test_step_flops_counts_every_product_of_a_step() -> None:
    # 4-5-2, batch 4, written out product by product (m×k @ k×n costs 2mkn):
    forward = 2 * 4 * 4 * 5 + 2 * 4 * 5 * 2  # x(4×4)W¹(4×5), a¹(4×5)W²(5×2)
    grad_w = 2 * 4 * 4 * 5 + 2 * 5 * 4 * 2  # xᵀ(4×4)δ¹(4×5), a¹ᵀ(5×4)δ²(4×2)
    grad_in = 2 * 4 * 2 * 5  # δ²(4×2)W²ᵀ(2×5); layer 1 needs none
    assert engine.step_flops((4, 5, 2), 4) == forward + grad_w + grad_in == 560


def test_the_per_sample_loop_takes_the_same_step_as_the_engine() -> None:
    """The 'vectorizing buys N×' figure compares two ways of computing one identical step."""
    dataset = load_dataset("digits", seed=0)
    x, y = dataset.x_train[:32], dataset.y_train[:32]
    net = engine.make_net((64, 64, 10), "relu", "float64")
    vectorized, loop = net.copy(), net.copy()
    vectorized.train_step(x, y, SGD(learning_rate=0.1))
    engine.naive_step(loop, x, y, 0.1)
    for before, fast, slow in zip(net.params, vectorized.params, loop.params, strict=True):
        assert not np.allclose(before, fast)  # the step moved every parameter...
        np.testing.assert_allclose(slow, fast, rtol=1e-12, atol=1e-14)  # ...the same way
