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
    from bp_tutor.nn import Dataset, NetworkSpec, SpecError

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
                        help="hidden layer sizes, e.g. 64 or 32,16, or '' for none (default: 64, "
                             "or the preset's)")
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
    raw["layers"] = _layers(args, raw.get("layers"), classes)
    if args.output is not None:
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
        raise SpecError("--dataset", f"{dataset} has {classes} classes but the preset's output "
                                     f"layer has {units} units; choose the output with --output "
                                     "(its units follow the classes)")
    try:
        return parse_spec(raw, source="the command line")
    except SpecError as err:
        raise option_named(err, len(raw["layers"])) from None


def _layers(args: argparse.Namespace, preset: list[dict[str, Any]] | None, classes: int
            ) -> list[dict[str, Any]]:
    """The preset's layers (or 64 relu, softmax) with only what the options name changed:
    --hidden the hidden sizes, --activation their activation, --alpha their LeakyReLU slope,
    --output the output layer."""
    from bp_tutor.nn.spec import SpecError

    hidden: list[dict[str, Any]] = [dict(layer) for layer in (preset or [])[:-1]]
    output: dict[str, Any] = dict(preset[-1]) if preset else {"units": classes,
                                                              "activation": "softmax"}
    if preset is None and args.hidden is None:
        hidden = [{"units": 64, "activation": "relu"}]
    if args.hidden is not None:  # [] (--hidden ''): no hidden layer, logistic regression
        like = hidden[0] if hidden else {"activation": "relu"}
        hidden = [{**like, "units": units} for units in args.hidden]
    if args.activation is not None:
        hidden = [{"units": layer["units"], "activation": args.activation} for layer in hidden]
    if args.alpha is not None:
        leaky = [layer for layer in hidden if layer["activation"] == "leaky_relu"]
        if not leaky:
            raise SpecError("--alpha", "only LeakyReLU layers have a slope α; add "
                                       "--activation leaky_relu")
        for layer in leaky:
            layer["alpha"] = args.alpha
    if args.output is not None:
        units = 1 if args.output == "sigmoid" and classes == 2 else classes
        output = {"units": units, "activation": args.output}
    return [*hidden, output]


# What a spec field is called on this command's line, for errors about what the options built.
OPTION_FOR_FIELD = {"learning_rate": "--lr", "seed": "--seed", "batch_size": "--batch-size",
                    "epochs": "--epochs", "weight_decay": "--weight-decay", "loss": "--loss",
                    "dtype": "--dtype", "optimizer": "--optimizer", "dataset": "--dataset"}


def option_named(err: SpecError, layers: int) -> SpecError:
    """`err` about the spec the options built, naming the option instead of the spec field."""
    import re

    from bp_tutor.nn.spec import SpecError

    field = OPTION_FOR_FIELD.get(err.field)
    message = err.message
    match = re.fullmatch(r"layers\[(\d+)\]\.(\w+)", err.field)
    if match:
        index, key = int(match[1]), match[2]
        last = index == layers - 1
        field = {"alpha": "--alpha", "activation": "--output" if last else "--activation",
                 "units": "--loss" if last else "--hidden"}.get(key)
        if key == "units" and last:  # the output's units follow the classes: the loss is at fault
            message = re.sub(r"^is \d+, but ", "", message)
    return SpecError(field, message) if field is not None else err


class ProgressBar:
    """A one-line bar on stderr when it is a terminal; a line per tenth of the run otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_tenth = -1

    def columns(self) -> int:
        import shutil

        return shutil.get_terminal_size().columns

    def update(self, done: int, text: str) -> None:
        fraction = done / self.total
        if self.live:
            width = 30
            filled = round(width * fraction)
            bar = "█" * filled + "░" * (width - filled)
            # One row, never more: a line wider than the terminal wraps, and \r then goes back
            # only to the start of its last row, so every update would print a new one.
            line = f"{bar} {done}/{self.total} {text}"[:self.columns() - 1]
            print(f"\r{line}\x1b[K", end="", file=self.stream, flush=True)
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
    epochs = list(range(1, len(losses) + 1))
    plt.plot(epochs, losses, marker="braille")
    # Whole epochs on the axis (plotext would put ticks at 8.2, 15.5, ...).
    ticks = sorted({round(1 + i * (len(losses) - 1) / 4) for i in range(5)})
    plt.xticks(ticks, [str(tick) for tick in ticks])
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
    print(header(spec, net.sizes, dataset))
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
        test = f"  test {result.test_accuracy:.1%}" if dataset.held_out else ""
        bar.update(epoch, f"loss {result.loss:.4g}  train {result.train_accuracy:.1%}{test}")
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
    test = f", test accuracy {last.test_accuracy:.1%}" if dataset.held_out else ""
    print(f"done in {elapsed:.2f} s: loss {last.loss:.4g}, train accuracy "
          f"{last.train_accuracy:.1%}{test}")
    return 0


def header(spec: NetworkSpec, sizes: list[int], dataset: Dataset) -> str:
    """Two lines, each short enough for 80 columns: the network and its data, then how it is
    trained (everything the loss and the steps depend on)."""
    shape = "-".join(str(s) for s in sizes)
    activations = " → ".join(layer.activation for layer in spec.layers)
    data = (f"{len(dataset.x_train)} train, {len(dataset.x_test)} test" if dataset.held_out
            else f"{len(dataset.x_train)} samples, no held-out test set")
    decay = f", λ={spec.weight_decay:g}" if spec.weight_decay else ""
    return (f"training {shape} ({activations}) on {dataset.name} ({data})\n"
            f"  {spec.loss} ({spec.reduction}){decay}, {spec.optimizer} η={spec.learning_rate:g}, "
            f"batch {spec.batch_size}, {spec.epochs} {'epoch' if spec.epochs == 1 else 'epochs'}, "
            f"{spec.dtype}")
