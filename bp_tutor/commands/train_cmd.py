"""`bp-tutor train`: train a network from the command line, with a progress bar and a loss curve."""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from bp_tutor.commands.arg_types import positive_number, whole_number
from bp_tutor.commands.errors import fail, spec_error_message

if TYPE_CHECKING:
    from bp_tutor.nn import Dataset, Diverged, NetworkSpec, SpecError, Trainer
    from bp_tutor.ui.i18n import Say

HELP = "train a network headless: progress bar, loss curve and accuracy at the end"

DATASET_CHOICES = ("xor", "toy452", "spiral", "moons", "blobs", "digits")
ACTIVATION_CHOICES = ("identity", "sigmoid", "tanh", "relu", "leaky_relu")
OUTPUT_CHOICES = ("softmax", "sigmoid", "identity")
LOSS_CHOICES = ("cross_entropy", "binary_cross_entropy", "mse")
OPTIMIZER_CHOICES = ("sgd", "momentum", "adam")
INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C


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


def _build_spec(args: argparse.Namespace, say: Say) -> NetworkSpec:
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
            raise SpecError("--preset", say("train.error.no_dataset", name=preset.name))
    dataset = args.dataset or raw.get("dataset") or "digits"
    classes = load_dataset(dataset).n_classes
    raw["layers"] = _layers(args, raw.get("layers"), classes, say)
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
        raise SpecError("--dataset", say("train.error.classes", dataset=dataset,
                                         classes=classes, units=units))
    try:
        return parse_spec(raw, source="the command line")
    except SpecError as err:
        raise option_named(err, len(raw["layers"])) from None


def _layers(args: argparse.Namespace, preset: list[dict[str, Any]] | None, classes: int,
            say: Say) -> list[dict[str, Any]]:
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
            raise SpecError("--alpha", say("train.error.alpha"))
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

    BAR_WIDTH = 30
    MIN_BAR_WIDTH = 10

    def __init__(self, total: int, stream: TextIO | None = None, say: Say | None = None
                 ) -> None:
        self.total = total
        self.say = say or english()
        self.stream = stream or sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_tenth = -1

    def columns(self) -> int:
        import shutil

        return shutil.get_terminal_size().columns

    def update(self, done: int, text: str) -> None:
        fraction = done / self.total
        if self.live:
            print(f"\r{self.live_line(done, text)}\x1b[K", end="", file=self.stream, flush=True)
            if done == self.total:
                print(file=self.stream)
        else:
            tenth = int(fraction * 10)
            if tenth != self._last_tenth or done == self.total:
                self._last_tenth = tenth
                print(self.say("train.progress.line", done=done, total=self.total, text=text),
                      file=self.stream, flush=True)

    def live_line(self, done: int, text: str) -> str:
        """The bar, shorter (down to MIN_BAR_WIDTH) when the numbers after it need the room, and
        the whole line cut to one cell less than the terminal's width, counted in cells: a line
        wider than the terminal wraps, and \\r then goes back only to the start of its last row,
        so every update would print a new one."""
        from bp_tutor.cells import cell_width, cut_to_cells

        room = self.columns() - 1
        counts = f"{done}/{self.total}"
        rest = cell_width(f" {counts} {text}")
        width = max(self.MIN_BAR_WIDTH, min(self.BAR_WIDTH, room - rest))
        filled = round(width * done / self.total)
        bar = "█" * filled + "░" * (width - filled)
        return cut_to_cells(f"{bar} {counts} {text}", room)

    def end_line(self) -> None:
        """Leave the live bar's row, so what follows starts on a line of its own."""
        if self.live:
            print(file=self.stream)


def english() -> Say:
    from bp_tutor.ui.i18n import words_in

    return words_in("en")


def loss_plot(losses: list[float], width: int = 72, height: int = 16, say: Say | None = None
              ) -> str:
    """The loss per epoch, titled and labelled in the reader's language."""
    import plotext as plt

    say = say or english()
    plt.clear_figure()
    epochs = list(range(1, len(losses) + 1))
    plt.plot(epochs, losses, marker="braille")
    # Whole epochs on the axis (plotext would put ticks at 8.2, 15.5, ...).
    ticks = sorted({round(1 + i * (len(losses) - 1) / 4) for i in range(5)})
    plt.xticks(ticks, [str(tick) for tick in ticks])
    plt.plotsize(width, height - 2)  # the title and the axis label take a row each
    plt.theme("clear")
    built = str(plt.build())
    plain = str(plt.uncolorize(built)).splitlines()
    body = built.splitlines()
    if not sys.stdout.isatty() or os.environ.get("NO_COLOR"):
        body = plain
    while plain and not plain[-1].strip():  # the row plotext keeps for a label it was not given
        plain.pop()
        body.pop()
    # plotext centres a title by its length in characters; a Chinese one would sit off centre.
    left, right = plain[0].index("┌"), plain[0].index("┐")
    return "\n".join([centred(say("train.plot.title"), left, right), *body,
                      centred(say("train.plot.epoch"), left, right)])


def centred(text: str, left: int, right: int) -> str:
    """`text` centred, in cells, over the columns `left` to `right`."""
    from bp_tutor.cells import cell_width

    return " " * (left + max(0, (right - left + 2 - cell_width(text)) // 2)) + text


def run(args: argparse.Namespace) -> int:
    from bp_tutor.commands.app_cmd import resolve_language
    from bp_tutor.nn import Network, SpecError, Trainer, load_dataset, make_optimizer
    from bp_tutor.ui.i18n import words_in

    say = words_in(resolve_language(args))
    try:
        spec = _build_spec(args, say)
    except SpecError as err:
        return fail(spec_error_message(err))
    except OSError as err:  # an unknown preset, or a spec file that cannot be read
        return fail(str(err))
    assert spec.dataset is not None
    import numpy as np

    dataset = load_dataset(spec.dataset, seed=spec.seed, dtype=np.dtype(spec.dtype).type)
    sizes = [dataset.n_features, *(layer.units for layer in spec.layers)]
    no_memory = say("headless.error.memory", shape="-".join(str(s) for s in sizes))
    try:
        net = Network.from_spec(spec, input_size=dataset.n_features)
    except MemoryError:
        return fail(no_memory, 1)
    trainer = Trainer(net, dataset, make_optimizer(spec.optimizer, spec.learning_rate),
                      batch_size=spec.batch_size, seed=spec.seed)
    print(header(spec, net.sizes, dataset, say))
    bar = ProgressBar(spec.epochs, say=say)
    start = time.perf_counter()
    try:
        diverged = _train(trainer, spec.epochs, bar, say)
    except MemoryError:
        return fail(no_memory, 1)
    except KeyboardInterrupt:
        # Ctrl-C is a way to end a run early, not a crash: what was trained is summed up.
        bar.end_line()
        return _interrupted(trainer, spec.epochs, time.perf_counter() - start, args, say)
    elapsed = time.perf_counter() - start
    if diverged is not None:
        bar.end_line()
    _plot(trainer, args, say)
    if diverged is not None:
        return fail(diverged_message(diverged, say), 1)
    last = trainer.history[-1]
    print(say("train.done", seconds=f"{elapsed:.2f}", loss=f"{last.loss:.4g}",
              train=f"{last.train_accuracy:.1%}", test=_test_accuracy(last.test_accuracy, dataset,
                                                                     say)))
    return 0


def _train(trainer: Trainer, epochs: int, bar: ProgressBar, say: Say) -> Diverged | None:
    """Every epoch, the bar updated after each; the Diverged that stopped it, if one did."""
    from bp_tutor.nn import Diverged

    try:
        for epoch in range(1, epochs + 1):
            result = trainer.run_epoch()
            test = (say("train.progress.test", test=f"{result.test_accuracy:.1%}")
                    if trainer.dataset.held_out else "")
            bar.update(epoch, say("train.progress.metrics", loss=f"{result.loss:.4g}",
                                  train=f"{result.train_accuracy:.1%}", test=test))
        trainer.finish()  # the last, partial window of steps is judged too
    except Diverged as err:
        return err
    return None


def _plot(trainer: Trainer, args: argparse.Namespace, say: Say) -> None:
    losses = [r.loss for r in trainer.history]
    if losses and not args.no_plot:
        print(loss_plot(losses, say=say))


def _test_accuracy(accuracy: float, dataset: Dataset, say: Say) -> str:
    """", test accuracy 93.0%", or nothing for a dataset whose test set is its training set."""
    return say("train.accuracy.test", test=f"{accuracy:.1%}") if dataset.held_out else ""


def _interrupted(trainer: Trainer, epochs: int, elapsed: float, args: argparse.Namespace,
                 say: Say) -> int:
    """The summary of a run stopped by Ctrl-C: how far it got, the loss curve of the epochs it
    finished, and the loss and accuracies; status INTERRUPTED."""
    if trainer.steps == 0:
        print(say("train.interrupted.before_first_step"))
        return INTERRUPTED
    _plot(trainer, args, say)
    done = len(trainer.history)
    print(say("train.interrupted", epoch=min(done + 1, epochs), epochs=epochs,
              steps=trainer.steps, seconds=f"{elapsed:.2f}"))
    print(_interrupted_numbers(trainer, say))
    return INTERRUPTED


def _interrupted_numbers(trainer: Trainer, say: Say) -> str:
    """The last whole epoch's loss and accuracies (the bar's last numbers); before the first
    epoch ends, the mean loss of the steps taken and the accuracies of the weights as they are."""
    from bp_tutor.nn import accuracy

    dataset = trainer.dataset
    if trainer.history:
        last = trainer.history[-1]
        return say("train.interrupted.after_epoch", epoch=last.epoch, loss=f"{last.loss:.4g}",
                   train=f"{last.train_accuracy:.1%}",
                   test=_test_accuracy(last.test_accuracy, dataset, say))
    losses = trainer.step_losses
    train = accuracy(trainer.net, dataset.x_train, dataset.labels_train)
    test = accuracy(trainer.net, dataset.x_test, dataset.labels_test)
    return say("train.interrupted.no_epoch", steps=len(losses),
               loss=f"{sum(losses) / len(losses):.4g}", train=f"{train:.1%}",
               test=_test_accuracy(test, dataset, say))


def diverged_message(err: Diverged, say: Say) -> str:
    """What `Diverged` says, in the reader's language."""
    numbers = {key: f"{value:.4g}" if key in ("start", "median") else f"{value:g}"
               for key, value in err.details.items()}
    reason = say(f"train.diverged.{err.cause}", loss=f"{err.loss:.4g}", median=f"{err.loss:.4g}",
                 **numbers)
    if err.restored_step is None:
        restored = say("train.restored.last_good")
    elif err.restored_step == 0:
        restored = say("train.restored.initial")
    else:
        restored = say("train.restored.step", step=err.restored_step)
    return say("train.diverged", step=err.step, reason=reason, lr=f"{err.learning_rate:g}",
               suggested=f"{err.suggested_learning_rate:g}", restored=restored)


def header(spec: NetworkSpec, sizes: list[int], dataset: Dataset, say: Say) -> str:
    """Two lines, each short enough for 80 columns: the network and its data, then how it is
    trained (everything the loss and the steps depend on)."""
    shape = "-".join(str(s) for s in sizes)
    activations = " → ".join(layer.activation for layer in spec.layers)
    data = (say("train.header.split", train=len(dataset.x_train), test=len(dataset.x_test))
            if dataset.held_out
            else say("train.header.no_test", samples=len(dataset.x_train)))
    decay = say("train.header.decay", decay=f"{spec.weight_decay:g}") if spec.weight_decay else ""
    epochs = (say("train.epochs.one") if spec.epochs == 1
              else say("train.epochs.many", epochs=spec.epochs))
    return "\n".join([
        say("train.header.network", shape=shape, activations=activations, dataset=dataset.name,
            data=data),
        say("train.header.settings", loss=spec.loss, reduction=spec.reduction, decay=decay,
            optimizer=spec.optimizer, lr=f"{spec.learning_rate:g}", batch=spec.batch_size,
            epochs=epochs, dtype=spec.dtype),
    ])
