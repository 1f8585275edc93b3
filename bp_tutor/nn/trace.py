"""The Trace: every value one forward and backward pass computed, named as the lessons name it.

The engine never just returns gradients. A pass records, in the order they were computed:

    input     x, y, W¹, b¹, W², b², ...
    forward   z¹ = xW¹ + b¹, a¹ = σ(z¹), z² = a¹W² + b², a² = softmax(z²), ...
    loss      L
    backward  δᴸ, ∂L/∂Wᴸ, ∂L/∂bᴸ, δᴸ⁻¹, ∂L/∂Wᴸ⁻¹, ... ∂L/∂b¹
    update    W¹ ← ..., b¹ ← ... (only for a training step)

each with the formula that produced it and the names of the entries it was computed from. The lab
steps through it, a quiz hides one entry and asks for it, a worked solution prints it, and
`bp-tutor trace` exports it: one source of numbers for all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

Phase = Literal["input", "forward", "loss", "backward", "update"]


@dataclass(frozen=True)
class TraceEntry:
    name: str  # machine name: "z1", "a1", "L", "delta2", "dW2", "db2", "W1", "update_W1"
    label: str  # as the lessons write it: "z¹", "δ²", "∂L/∂W²"
    formula: str  # "z¹ = xW¹ + b¹"
    phase: Phase
    layer: int  # 1-based layer; 0 for x, y and L
    inputs: tuple[str, ...]  # names of the entries this one was computed from
    value: NDArray[np.floating]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.value.shape)


@dataclass
class Trace:
    entries: list[TraceEntry] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def add(self, name: str, label: str, formula: str, phase: Phase, layer: int,
            inputs: tuple[str, ...], value: NDArray[np.floating] | float) -> None:
        self._index[name] = len(self.entries)
        self.entries.append(
            TraceEntry(name, label, formula, phase, layer, inputs, np.asarray(value))
        )

    def __getitem__(self, name: str) -> TraceEntry:
        try:
            return self.entries[self._index[name]]
        except KeyError:
            known = ", ".join(e.name for e in self.entries)
            raise KeyError(f"no trace entry {name!r}; the trace has {known}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def __iter__(self) -> Iterator[TraceEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def names(self) -> list[str]:
        return [e.name for e in self.entries]

    def phase(self, phase: Phase) -> list[TraceEntry]:
        return [e for e in self.entries if e.phase == phase]

    @property
    def loss(self) -> float:
        return float(self["L"].value)

    @property
    def n_layers(self) -> int:
        return max((e.layer for e in self.entries if e.phase == "forward"), default=0)

    def to_json_dict(self) -> dict[str, Any]:
        """{"loss": L, "layers": [{"z", "a", "delta", "dW", "db"}, ...]} with nested lists."""
        layers = []
        for layer in range(1, self.n_layers + 1):
            layers.append({
                key: self[f"{prefix}{layer}"].value.tolist()
                for key, prefix in (("z", "z"), ("a", "a"), ("delta", "delta"),
                                    ("dW", "dW"), ("db", "db"))
            })
        return {"loss": self.loss, "layers": layers}
