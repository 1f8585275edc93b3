"""The NumPy backpropagation engine: readable as a reference, exact, and fast.

Read it in this order: activations.py, losses.py, layers.py, network.py (backpropagation itself),
trace.py, optimizers.py, training.py, gradcheck.py.
"""

from bp_tutor.nn.activations import ACTIVATIONS, Activation, get_activation
from bp_tutor.nn.datasets import DATASETS, Dataset, load_dataset
from bp_tutor.nn.gradcheck import GradCheckReport, GradCheckRow, gradcheck
from bp_tutor.nn.losses import LOSSES, REDUCTIONS, Loss
from bp_tutor.nn.memory import keep_freed_memory
from bp_tutor.nn.network import Dense, Network
from bp_tutor.nn.optimizers import OPTIMIZERS, SGD, Adam, Momentum, Optimizer, make_optimizer
from bp_tutor.nn.presets import Preset, load_preset, preset_names
from bp_tutor.nn.spec import LayerSpec, NetworkSpec, SpecError, parse_spec
from bp_tutor.nn.trace import Trace, TraceEntry
from bp_tutor.nn.training import Diverged, EpochResult, Trainer, accuracy

keep_freed_memory()

__all__ = [
    "ACTIVATIONS", "DATASETS", "LOSSES", "OPTIMIZERS", "REDUCTIONS", "SGD", "Activation", "Adam",
    "Dataset", "Dense", "Diverged", "EpochResult", "GradCheckReport", "GradCheckRow", "LayerSpec",
    "Loss", "Momentum", "Network", "NetworkSpec", "Optimizer", "Preset", "SpecError", "Trace",
    "TraceEntry", "Trainer", "accuracy", "get_activation", "gradcheck", "load_dataset",
    "load_preset", "make_optimizer", "parse_spec", "preset_names",
]
