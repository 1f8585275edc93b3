"""What the lab works on: a preset, or a network the student describes in the settings form.

The form's layer field is one text, e.g. ``5 sigmoid, 2 softmax`` (units and activation per layer,
the last one is the output layer). Every field is checked here and a mistake raises
`LabSettingsError` naming the field, with the character position for the layer text, so the form
can put a caret under it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bp_tutor.nn import (
    ACTIVATIONS,
    DATASETS,
    LOSSES,
    OPTIMIZERS,
    Dataset,
    Network,
    NetworkSpec,
    Optimizer,
    SpecError,
    Trace,
    load_dataset,
    load_preset,
    make_optimizer,
    parse_spec,
)

STEP_SAMPLES = 4  # rows of the dataset one step-mode pass shows
MAX_UNITS = 512
MAX_BATCH = 4096


# Each mistake the form can hold, in English; the app shows them in the student's language
# under the same code (ui/strings/lab.py, "lab.settings.error.<code>").
MESSAGES = {
    "layer_form": "each layer is written as UNITS ACTIVATION, e.g. 5 sigmoid",
    "units": "{text!r} is not a number of units from 1 to {maximum}",
    "activation": "unknown activation {name!r}; expected one of {choices}",
    "choice": "expected one of {choices}",
    "learning_rate": "expected a number above 0 and below 1000",
    "batch_size": "expected a whole number from 1 to {maximum}",
    "outputs": "the last layer needs {classes} units, one per class of {dataset} "
               "(or 1 unit for two classes)",
}


class LabSettingsError(ValueError):
    """`field` is the form field at fault; `position` the 0-based character in it, if known.
    `code` and `params` name the message in MESSAGES, so it can be shown in any language."""

    def __init__(self, field: str, code: str, position: int | None = None, *,
                 message: str | None = None, **params: object) -> None:
        self.field = field
        self.code = code
        self.params = params
        self.message = message if message is not None else MESSAGES[code].format(**params)
        self.position = position
        super().__init__(f"{field}: {self.message}")


@dataclass(frozen=True)
class LabSettings:
    """The settings form: every field as the student sets it."""

    dataset: str = "toy452"
    layers: str = "5 sigmoid, 2 softmax"
    loss: str = "cross_entropy"
    optimizer: str = "sgd"
    learning_rate: float = 0.5
    batch_size: int = 10
    seed: int = 0


@dataclass(frozen=True)
class LabSetup:
    """A network, the batch step mode traces, and what training uses."""

    title: str
    spec: NetworkSpec
    x: NDArray[np.floating]
    y: NDArray[np.floating]
    dataset: Dataset | None
    optimizer: str
    learning_rate: float
    batch_size: int
    seed: int
    epochs: int | None = None  # a preset's training length; None: train until paused

    @property
    def can_train(self) -> bool:
        return self.dataset is not None

    def network(self) -> Network:
        return Network.from_spec(self.spec, input_size=int(self.x.shape[1]))

    def make_optimizer(self, learning_rate: float | None = None) -> Optimizer:
        return make_optimizer(self.optimizer, learning_rate or self.learning_rate)

    def step_trace(self) -> Trace:
        """One recorded training step on the step batch: forward, backward and the update."""
        trace = self.network().train_step(self.x, self.y, self.make_optimizer(), record=True)
        assert isinstance(trace, Trace)
        return trace


def parse_layers(text: str) -> list[dict[str, object]]:
    """``"5 sigmoid, 2 softmax"`` -> [{"units": 5, "activation": "sigmoid"}, ...]."""
    layers: list[dict[str, object]] = []
    position = 0
    for part in text.split(","):
        start = position + len(part) - len(part.lstrip())
        words = part.split()
        position += len(part) + 1
        if len(words) != 2:
            raise LabSettingsError("layers", "layer_form", start)
        units_text, activation = words
        if not units_text.isdigit() or not 1 <= int(units_text) <= MAX_UNITS:
            raise LabSettingsError("layers", "units", start, text=units_text, maximum=MAX_UNITS)
        if activation not in ACTIVATIONS:
            where = start + part.strip().index(activation, len(units_text))
            raise LabSettingsError("layers", "activation", where, name=activation,
                                   choices=", ".join(ACTIVATIONS))
        layers.append({"units": int(units_text), "activation": activation})
    return layers


def setup_from_settings(settings: LabSettings) -> LabSetup:
    """Check the form and build what it describes (initial weights from the seed)."""
    if settings.dataset not in DATASETS:
        raise LabSettingsError("dataset", "choice", choices=", ".join(DATASETS))
    if settings.loss not in LOSSES:
        raise LabSettingsError("loss", "choice", choices=", ".join(LOSSES))
    if settings.optimizer not in OPTIMIZERS:
        raise LabSettingsError("optimizer", "choice", choices=", ".join(OPTIMIZERS))
    if not 0 < settings.learning_rate < 1e3:
        raise LabSettingsError("learning_rate", "learning_rate")
    if not 1 <= settings.batch_size <= MAX_BATCH:
        raise LabSettingsError("batch_size", "batch_size", maximum=MAX_BATCH)
    layers = parse_layers(settings.layers)
    dataset = load_dataset(settings.dataset, seed=settings.seed)
    outputs = int(layers[-1]["units"])  # type: ignore[call-overload]
    if outputs != dataset.n_classes and not (outputs == 1 and dataset.n_classes == 2):
        raise LabSettingsError("layers", "outputs", len(settings.layers.rstrip()),
                               classes=dataset.n_classes, dataset=settings.dataset)
    rows = min(STEP_SAMPLES, len(dataset.x_train))
    x = dataset.x_train[:rows]
    y = dataset.targets(dataset.labels_train[:rows], outputs)
    try:
        spec = parse_spec({"layers": layers, "loss": settings.loss, "x": x.tolist(),
                           "y": y.tolist(), "seed": settings.seed}, source="lab")
    except SpecError as error:
        raise LabSettingsError("layers", "spec", message=error.message) from None
    return LabSetup(
        title=f"{settings.dataset}: {settings.layers}", spec=spec, x=x, y=y, dataset=dataset,
        optimizer=settings.optimizer, learning_rate=settings.learning_rate,
        batch_size=settings.batch_size, seed=settings.seed)


def setup_from_preset(name: str) -> LabSetup:
    """The preset `name` with its own weights and training settings.

    Raises OSError (an unknown name, an unreadable file) or SpecError (a broken preset file).
    """
    preset = load_preset(name)
    spec = preset.spec
    return LabSetup(
        title=preset.name, spec=spec, x=preset.x, y=preset.y, dataset=preset.dataset,
        optimizer=spec.optimizer, learning_rate=spec.learning_rate,
        batch_size=spec.batch_size, seed=spec.seed, epochs=spec.epochs)


def settings_of(setup: LabSetup) -> LabSettings:
    """The form filled in from a setup (to edit a preset's settings)."""
    layers = ", ".join(f"{layer.units} {layer.activation}" for layer in setup.spec.layers)
    return LabSettings(
        dataset=setup.dataset.name if setup.dataset is not None else "toy452",
        layers=layers, loss=setup.spec.loss, optimizer=setup.optimizer,
        learning_rate=setup.learning_rate, batch_size=setup.batch_size, seed=setup.seed)
