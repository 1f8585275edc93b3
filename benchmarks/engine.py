"""Engine benchmarks: one train step against PyTorch, trace overhead, matmul efficiency, digits.

    python3 benchmarks/engine.py            (add --quick for a shorter run)

Every figure is a ratio against a baseline measured in the same run, on the same machine, so a
noisy machine moves both sides together. PyTorch is optional (`pip install 'bp-tutor[torch]'`);
without it, the PyTorch columns are left out.

Ours and PyTorch's steps are timed in separate processes, taking turns (A B A B ...), and the
median of the rounds is reported: in one process the two libraries' BLAS and OpenMP thread pools
spin against each other and slow both down by unpredictable amounts.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, NamedTuple

import numpy as np

from bp_tutor.nn import SGD, Momentum, Network, Trainer, load_dataset, parse_spec

SHAPES = [  # (sizes, batch, hidden activation)
    ((4, 5, 2), 4, "sigmoid"),
    ((2, 100, 3), 300, "relu"),
    ((64, 128, 10), 64, "relu"),
    ((784, 256, 128, 10), 128, "relu"),
]
GOALS = {(4, 5, 2): 0.3, (2, 100, 3): 0.6, (64, 128, 10): 0.6, (784, 256, 128, 10): 1.0}


def median_time(fn: Callable[[], object], seconds: float, repeats: int = 7) -> float:
    """Median over `repeats` rounds of the mean time per call, each round about seconds/repeats."""
    return statistics.median(times_in_turn([fn], seconds, repeats)[0])


def times_in_turn(fns: Sequence[Callable[[], object]], seconds: float, rounds: int
                  ) -> list[list[float]]:
    """Per function, its mean time per call in each round; within a round the functions take
    turns, each for about seconds/rounds/len(fns).

    Ratios between the functions are then taken round by round: on a machine whose speed drifts
    (other guests on the host, clock changes), timing a baseline first and the subject later can
    put them in different weather, while turns keep each round's pair in the same window.
    """
    calls = []
    for fn in fns:
        fn()  # warm up: first-call allocations, BLAS threads
        start = time.perf_counter()
        fn()
        once = max(time.perf_counter() - start, 1e-7)
        calls.append(max(1, int(seconds / rounds / len(fns) / once)))
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for fn, n, out in zip(fns, calls, times, strict=True):
            start = time.perf_counter()
            for _ in range(n):
                fn()
            out.append((time.perf_counter() - start) / n)
    return times


def median_ratio(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """The median of the round-by-round ratios."""
    return statistics.median(a / b for a, b in zip(numerators, denominators, strict=True))


def make_net(sizes: tuple[int, ...], hidden: str, dtype: str) -> Network:
    layers = [{"units": u, "activation": hidden} for u in sizes[1:-1]]
    layers.append({"units": sizes[-1], "activation": "softmax"})
    return Network.from_spec(parse_spec({"layers": layers, "loss": "cross_entropy",
                                         "inputs": sizes[0], "dtype": dtype, "seed": 0}))


def data(sizes: tuple[int, ...], batch: int, dtype: str) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(batch, sizes[0])).astype(dtype)
    y = np.eye(sizes[-1], dtype=dtype)[rng.integers(0, sizes[-1], batch)]
    return x, y


def torch_step(sizes: tuple[int, ...], batch: int, hidden: str, dtype: str
               ) -> Callable[[], object] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(2)
    tdtype = torch.float64 if dtype == "float64" else torch.float32
    mods: list[torch.nn.Module] = []
    for i in range(len(sizes) - 1):
        mods.append(torch.nn.Linear(sizes[i], sizes[i + 1], dtype=tdtype))
        if i < len(sizes) - 2:
            mods.append(torch.nn.Sigmoid() if hidden == "sigmoid" else torch.nn.ReLU())
    model = torch.nn.Sequential(*mods)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x_np, y_np = data(sizes, batch, dtype)
    x, labels = torch.from_numpy(x_np), torch.from_numpy(y_np.argmax(1))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step() -> object:
        opt.zero_grad()
        loss = loss_fn(model(x), labels)
        loss.backward()
        opt.step()
        return loss

    return step


def square_matmul(dtype: str) -> Callable[[], object]:
    """NumPy's own 1024×1024 product: the rate its BLAS reaches when nothing else is in the way."""
    a = np.random.default_rng(0).normal(size=(1024, 1024)).astype(dtype)
    b = a.copy()
    return lambda: a @ b


SQUARE_FLOPS = 2 * 1024**3


def step_flops(sizes: tuple[int, ...], batch: int) -> float:
    """Matmul FLOPs of one step: forward z = aW, backward dW = aᵀδ and δWᵀ (not for layer 1)."""
    pairs = list(itertools.pairwise(sizes))
    fwd = sum(2 * batch * i * o for i, o in pairs)
    grad_in = sum(2 * batch * i * o for i, o in pairs[1:])
    return 2 * fwd + grad_in


def step_products(sizes: tuple[int, ...], batch: int, dtype: str, library: str = "numpy"
                  ) -> Callable[[], None]:
    """Just the matrix products of one step (same shapes, nothing else): timed, the ceiling a
    step's matmul efficiency can reach with this BLAS at these sizes.

    `library="torch"` does the same products with PyTorch's BLAS, to show how much of the gap
    between the two steps is the matrix library rather than the code around it.
    """
    rng = np.random.default_rng(0)
    acts: list[Any] = [rng.normal(size=(batch, n)).astype(dtype) for n in sizes]
    weights: list[Any] = [rng.normal(size=(i, o)).astype(dtype)
                          for i, o in itertools.pairwise(sizes)]
    if library == "torch":
        import torch
        torch.set_num_threads(2)
        acts = [torch.from_numpy(a) for a in acts]
        weights = [torch.from_numpy(w) for w in weights]

    def products() -> None:
        for layer, W in enumerate(weights):
            acts[layer] @ W  # z = aW
            acts[layer].T @ acts[layer + 1]  # ∂L/∂W = aᵀδ (δ has z's shape)
            if layer:
                acts[layer + 1] @ W.T  # δWᵀ, not needed below the first layer

    return products


class Efficiency(NamedTuple):
    """Medians over the rounds of `efficiency_rounds`."""

    step: float  # the step's matmul FLOP rate / the 1024² rate
    alone: float  # the same for the step's products timed alone
    step_seconds: float
    alone_seconds: float
    square_rate: float  # the 1024² product's FLOP/s


def efficiency_rounds(sizes: tuple[int, ...], batch: int, dtype: str, seconds: float,
                      rounds: int) -> Efficiency:
    """How close a recorded step comes to NumPy's own matmul rate: the 1024² product, our
    recorded step and its products alone, timed in turn, each round's step against its own
    1024² rate."""
    net = make_net(sizes, "relu", dtype)
    x, y = data(sizes, batch, dtype)
    step = partial(net.train_step, x, y, SGD(learning_rate=0.01), record=True)
    square, steps, alone = times_in_turn(
        [square_matmul(dtype), step, step_products(sizes, batch, dtype)], seconds, rounds)
    flops = step_flops(sizes, batch)
    rate = [SQUARE_FLOPS / t for t in square]
    median = statistics.median
    return Efficiency(step=median_ratio([flops / t for t in steps], rate),
                      alone=median_ratio([flops / t for t in alone], rate),
                      step_seconds=median(steps), alone_seconds=median(alone),
                      square_rate=median(rate))


def naive_step(net: Network, x: np.ndarray, y: np.ndarray, lr: float) -> None:
    """The per-sample loop a first implementation writes: one sample's vectors at a time."""
    grads = [np.zeros_like(p) for p in net.params]
    n = len(x)
    for i in range(n):
        acts = [x[i]]
        for d in net.layers:
            acts.append(d.activation.forward((acts[-1] @ d.W + d.b)[None, :])[0])
        delta = (acts[-1] - y[i]) / n
        for layer in range(len(net.layers), 0, -1):
            d = net.layers[layer - 1]
            grads[2 * layer - 2] += np.outer(acts[layer - 1], delta)
            grads[2 * layer - 1] += delta
            if layer > 1:
                below = net.layers[layer - 2]
                a_prev = acts[layer - 1]
                back = d.W @ delta
                delta = back * (a_prev > 0) if below.activation.name == "relu" else back
    net.set_params([p - lr * g for p, g in zip(net.params, grads, strict=True)])


def _torch_available() -> bool:
    probe = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True)
    return probe.returncode == 0


def _measure(kind: str, config: dict[str, Any]) -> list[float]:
    """Timed in a fresh process: [recorded step's seconds, recorded / plain step] for ours,
    [step's seconds, its matrix products' seconds] for torch."""
    out = subprocess.run([sys.executable, __file__, "--measure", kind, json.dumps(config)],
                         capture_output=True, text=True, check=True)
    return [float(v) for v in json.loads(out.stdout)]


def _measure_here(kind: str, config: dict[str, Any]) -> list[float]:
    sizes = tuple(config["sizes"])
    batch, hidden, dtype = int(config["batch"]), str(config["hidden"]), str(config["dtype"])
    seconds = float(config["seconds"])
    if kind == "torch":
        step = torch_step(sizes, batch, hidden, dtype)
        assert step is not None
        step_times, product_times = times_in_turn(
            [step, step_products(sizes, batch, dtype, "torch")], seconds, 7)
        return [statistics.median(step_times), statistics.median(product_times)]
    net = make_net(sizes, hidden, dtype)
    x, y = data(sizes, batch, dtype)
    opt = SGD(learning_rate=0.01)
    recorded, plain = times_in_turn([partial(net.train_step, x, y, opt, record=True),
                                     partial(net.train_step, x, y, opt, record=False)], seconds, 7)
    return [statistics.median(recorded), median_ratio(recorded, plain)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter measurements")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "CONFIG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure_here(args.measure[0], json.loads(args.measure[1]))))
        return
    budget = 0.6 if args.quick else 2.0

    print("One train step (forward + backward + SGD update, trace recorded), median time")
    have_torch = _torch_available()
    rounds = 3 if args.quick else 5
    torch_times: dict[tuple[tuple[int, ...], str], float] = {}
    torch_products: dict[tuple[tuple[int, ...], str], float] = {}
    print(f"{'shape':<18} {'batch':>5} {'dtype':>7} {'ours µs':>9} {'torch µs':>9} "
          f"{'ratio':>6} {'goal':>5} {'trace×':>7}")
    for sizes, batch, hidden in SHAPES:
        for dtype in ("float32", "float64"):
            config = {"sizes": sizes, "batch": batch, "hidden": hidden, "dtype": dtype,
                      "seconds": budget / 2}
            ours_runs, trace_costs, torch_runs, torch_mm_runs = [], [], [], []
            for _ in range(rounds):
                ours, trace_cost = _measure("ours", config)
                ours_runs.append(ours)
                trace_costs.append(trace_cost)
                if have_torch:
                    step, products = _measure("torch", config)
                    torch_runs.append(step)
                    torch_mm_runs.append(products)
            ours = statistics.median(ours_runs)
            trace_cost = statistics.median(trace_costs)
            shape = "-".join(map(str, sizes))
            if torch_runs:
                theirs = statistics.median(torch_runs)
                torch_times[(sizes, dtype)] = theirs
                torch_products[(sizes, dtype)] = statistics.median(torch_mm_runs)
                torch_text, ratio_text = f"{theirs * 1e6:9.1f}", f"{ours / theirs:6.2f}"
            else:
                torch_text, ratio_text = f"{'—':>9}", f"{'—':>6}"
            print(f"{shape:<18} {batch:>5} {dtype:>7} {ours * 1e6:9.1f} {torch_text} "
                  f"{ratio_text} {GOALS[sizes]:5.1f} {trace_cost:7.2f}", flush=True)

    sizes, batch = (784, 256, 128, 10), 128
    rounds = 5 if args.quick else 15
    print("\nMatmul efficiency on 784-256-128-10, batch 128 (goal ≥ 60% of NumPy's own matmul)")
    print("  (the step's matmul FLOPs / the whole step's time, against NumPy's 1024² rate, median\n"
          f"   of {rounds} rounds that time both in turn; for comparison, the same products timed\n"
          "   alone, and PyTorch's step from the table and its products alone, with its own BLAS)")
    flops = step_flops(sizes, batch)
    for dtype in ("float32", "float64"):
        eff = efficiency_rounds(sizes, batch, dtype, 3 * budget, rounds)
        t, alone = eff.step_seconds, eff.alone_seconds
        torch_step = torch_times.get((sizes, dtype))
        torch_text = ""
        if torch_step:
            # PyTorch's times come from the table's processes: the same machine, another moment.
            their_products = torch_products[(sizes, dtype)]
            torch_text = (f"; PyTorch's step {flops / torch_step / eff.square_rate:5.1%}, its "
                          f"products alone {flops / their_products / eff.square_rate:5.1%}")
        print(f"  {dtype}: {eff.step:5.1%}   (matmuls alone {eff.alone:5.1%}{torch_text}; "
              f"1024² rate {eff.square_rate / 1e9:.0f} GFLOP/s)")
        if torch_step:
            # The step minus its products is the code around them: the part a library's
            # author controls. The products alone are the BLAS's own speed at these sizes.
            print(f"    time split, µs: ours {alone * 1e6:.0f} in products + "
                  f"{(t - alone) * 1e6:.0f} the rest; PyTorch {their_products * 1e6:.0f} + "
                  f"{(torch_step - their_products) * 1e6:.0f}")
    print("\nDigits, 64-64-10 ReLU/softmax, momentum SGD η=0.1, batch 32: time to 97% test accuracy")
    dataset = load_dataset("digits", seed=0)
    net = Network.from_spec(parse_spec({
        "layers": [{"units": 64, "activation": "relu"}, {"units": 10, "activation": "softmax"}],
        "loss": "cross_entropy", "inputs": 64, "seed": 0}))
    trainer = Trainer(net, dataset, Momentum(learning_rate=0.1), batch_size=32, seed=0)
    start = time.perf_counter()
    reached = None
    for _ in range(60):
        result = trainer.run_epoch()
        if result.test_accuracy >= 0.97:
            reached = time.perf_counter() - start
            break
    if reached is None:
        print(f"  did not reach 97% in 60 epochs (best {max(r.test_accuracy for r in trainer.history):.1%})")
    else:
        print(f"  {result.test_accuracy:.1%} after {result.epoch} epochs, {reached:.3f} s "
              "(goal < 0.5 s; includes accuracy checks after each epoch)")

    print("\nVectorized vs per-sample loop, one step on digits 64-64-10, batch 32 (goal ≥ 10×)")
    x, y = dataset.x_train[:32], dataset.y_train[:32]
    fast_net, slow_net = net.copy(), net.copy()
    opt = SGD(learning_rate=0.01)
    fast, slow = times_in_turn([lambda: fast_net.train_step(x, y, opt),
                                lambda: naive_step(slow_net, x, y, 0.01)], 2 * budget, 7)
    print(f"  loop {statistics.median(slow) * 1e6:.0f} µs, vectorized "
          f"{statistics.median(fast) * 1e6:.0f} µs: {median_ratio(slow, fast):.1f}× faster")


if __name__ == "__main__":
    main()
