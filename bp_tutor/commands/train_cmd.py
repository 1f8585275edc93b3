"""`bp-tutor train`: train a network from the command line, with a progress bar and a loss curve."""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from bp_tutor.commands.arg_types import positive_number, whole_number
from bp_tutor.commands.errors import fail, out_of_memory_message, spec_error_message

if TYPE_CHECKING:
    from bp_tutor.nn import NetworkSpec

HELP = "train a network headless: progress bar, loss curve and accuracy at the end"

DATASET_CHOICES = ("xor", "toy452", "spiral", "moons", "blobs", "digits")
ACTIVATION_CHOICES = ("identity", "sigmoid", "tanh", "relu", "leaky_relu")
OUTPUT_CHOICES = ("softmax", "sigmoid", "identity")
LOSS_CHOICES = ("cross_entropy", "binary_cross_entropy", "mse")
OPTIMIZER_CHOICES = ("sgd", "momentum", "adam")


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected hidden layer sizes as whole numbers separated by commas, "
            "e.g. 64 or 32,16") from None
    if any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError(f"{text!r}: every layer needs at least 1 unit")
    from bp_tutor.nn.spec import MAX_UNITS

    if any(s > MAX_UNITS for s in sizes):
        raise argparse.ArgumentTypeError(f"{text!r}: at most {MAX_UNITS} units per layer")
    return sizes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--preset", help="start from a preset's settings (options below override)")
    parser.add_argument("--dataset", choices=DATASET_CHOICES, help="default: digits")
    parser.add_argument("--hidden", type=_sizes, metavar="N[,N...]",
                        help="hidden layer sizes, e.g. 64 or 32,16 (default: 64)")
    parser.add_argument("--activation", choices=ACTIVATION_CHOICES,
                        help="hidden activation (default: relu)")
    parser.add_argument("--alpha", type=float, help="LeakyReLU slope (default 0.01)")
    parser.add_argument("--output", choices=OUTPUT_CHOICES,
                        help="output activation (default: softmax)")
    parser.add_argument("--loss", choices=LOSS_CHOICES,
                        help="default: cross_entropy after softmax, binary_cross_entropy after "
                             "sigmoid, mse otherwise")
    parser.add_argument("--optimizer", choices=OPTIMIZER_CHOICES, help="default: momentum")
    parser.add_argument("--lr", type=positive_number, help="learning rate η (default 0.1)")
    parser.add_argument("--batch-size", type=whole_number(1), help="default 32")
    parser.add_argument("--epochs", type=whole_number(1), help="default 20")
    parser.add_argument("--weight-decay", type=float, help="L2 strength λ (default 0)")
    parser.add_argument("--seed", type=int, help="seeds the data split, the weights and the batches")
    parser.add_argument("--dtype", choices=("float64", "float32"), help="default float64")
    parser.add_argument("--no-plot", action="store_true", help="skip the loss curve at the end")


def _build_spec(args: argparse.Namespace) -> NetworkSpec:
    """A spec from a preset (if given) with the command line's choices laid over it."""
    import json

    from bp_tutor.nn.datasets import load_dataset
    from bp_tutor.nn.presets import load_preset
    from bp_tutor.nn.spec import SpecError, parse_spec
    from bp_tutor.textfile import read_text

    raw: dict[str, Any] = {}
    if args.preset:
        preset = load_preset(args.preset)
        raw = {key: value for key, value in json.loads(read_text(preset.path)).items()
               if key not in ("x", "y", "weights", "biases", "description")}
        if "dataset" not in raw and not args.dataset:
            raise SpecError("--preset", f"{preset.name!r} has no dataset to train on; "
                                        "add --dataset NAME")
    dataset = args.dataset or raw.get("dataset") or "digits"
    classes = load_dataset(dataset).n_classes
    if args.hidden or args.activation or args.output or "layers" not in raw:
        activation = args.activation or "relu"
        extra = {"alpha": args.alpha} if activation == "leaky_relu" and args.alpha else {}
        output = args.output or "softmax"
        hidden = [{"units": h, "activation": activation, **extra} for h in args.hidden or [64]]
        out_units = 1 if output == "sigmoid" and classes == 2 else classes
        raw["layers"] = [*hidden, {"units": out_units, "activation": output}]
        raw.pop("loss", None)  # the preset's loss may not suit the new output layer
    output = raw["layers"][-1].get("activation")
    default_loss = {"softmax": "cross_entropy", "sigmoid": "binary_cross_entropy"}.get(output, "mse")
    overrides = {
        "dataset": dataset, "loss": args.loss, "optimizer": args.optimizer,
        "learning_rate": args.lr, "batch_size": args.batch_size, "epochs": args.epochs,
        "seed": args.seed, "dtype": args.dtype, "weight_decay": args.weight_decay,
    }
    raw.update({key: value for key, value in overrides.items() if value is not None})
    raw.setdefault("loss", default_loss)
    raw.setdefault("optimizer", "momentum")
    raw.setdefault("epochs", 20)
    units = raw["layers"][-1].get("units")
    if units not in (classes, 1 if classes == 2 else classes):
        raise SpecError("layers", f"the output layer has {units} units but {dataset} has "
                                  f"{classes} classes: one output unit per class")
    return parse_spec(raw, source="the command line")


class ProgressBar:
    """A one-line bar on stderr when it is a terminal; a line per tenth of the run otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_tenth = -1

    def update(self, done: int, text: str) -> None:
        fraction = done / self.total
        if self.live:
            width = 30
            filled = round(width * fraction)
            bar = "█" * filled + "░" * (width - filled)
            print(f"\r{bar} {done}/{self.total} {text}", end="", file=self.stream, flush=True)
            if done == self.total:
                print(file=self.stream)
        else:
            tenth = int(fraction * 10)
            if tenth != self._last_tenth or done == self.total:
                self._last_tenth = tenth
                print(f"epoch {done}/{self.total} {text}", file=self.stream, flush=True)


def loss_plot(losses: list[float], width: int = 72, height: int = 16) -> str:
    import plotext as plt

    plt.clear_figure()
    plt.plot(list(range(1, len(losses) + 1)), losses, marker="braille")
    plt.title("training loss per epoch")
    plt.xlabel("epoch")
    plt.plotsize(width, height)
    plt.theme("clear")
    text = str(plt.build())
    if not sys.stdout.isatty() or os.environ.get("NO_COLOR"):
        text = str(plt.uncolorize(text))
    return text


def run(args: argparse.Namespace) -> int:
    from bp_tutor.nn import Diverged, Network, SpecError, Trainer, load_dataset, make_optimizer

    try:
        spec = _build_spec(args)
    except SpecError as err:
        return fail(spec_error_message(err))
    except OSError as err:  # an unknown preset, or a spec file that cannot be read
        return fail(str(err))
    assert spec.dataset is not None
    import numpy as np

    dataset = load_dataset(spec.dataset, seed=spec.seed, dtype=np.dtype(spec.dtype).type)
    sizes = [dataset.n_features, *(layer.units for layer in spec.layers)]
    try:
        net = Network.from_spec(spec, input_size=dataset.n_features)
    except MemoryError:
        return fail(out_of_memory_message(sizes), 1)
    trainer = Trainer(net, dataset, make_optimizer(spec.optimizer, spec.learning_rate),
                      batch_size=spec.batch_size, seed=spec.seed)
    shape = "-".join(str(s) for s in net.sizes)
    print(f"training {shape} on {dataset.name} ({len(dataset.x_train)} train, "
          f"{len(dataset.x_test)} test), {spec.loss}, {spec.optimizer} η={spec.learning_rate:g}, "
          f"batch {spec.batch_size}, {spec.epochs} epochs, {spec.dtype}")
    bar = ProgressBar(spec.epochs)
    start = time.perf_counter()
    diverged: Diverged | None = None
    for epoch in range(1, spec.epochs + 1):
        try:
            result = trainer.run_epoch()
        except Diverged as err:
            diverged = err
            break
        except MemoryError:
            return fail(out_of_memory_message(sizes), 1)
        bar.update(epoch, f"loss {result.loss:.4f}  train {result.train_accuracy:.1%}  "
                          f"test {result.test_accuracy:.1%}")
    if diverged is None:
        try:
            trainer.finish()  # the last, partial window of steps is judged too
        except Diverged as err:
            diverged = err
    elapsed = time.perf_counter() - start
    if bar.live and diverged is not None:
        print(file=sys.stderr)
    losses = [r.loss for r in trainer.history]
    if losses and not args.no_plot:
        print(loss_plot(losses))
    if diverged is not None:
        return fail(str(diverged), 1)
    last = trainer.history[-1]
    print(f"done in {elapsed:.2f} s: loss {last.loss:.4f}, train accuracy "
          f"{last.train_accuracy:.1%}, test accuracy {last.test_accuracy:.1%}")
    return 0
