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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class EntryLayout:
    """Everything about an entry except its value: the same for every pass of a network."""

    name: str
    label: str
    formula: str
    phase: Phase
    layer: int
    inputs: tuple[str, ...]


class Trace:
    """Entries in the order computed. Recording a pass only appends values to a list; the
    entries (layout + value) are assembled when first read, so recording stays nearly free."""

    def __init__(self, layout: Sequence[EntryLayout] = (),
                 values: Sequence[NDArray[np.floating] | float] = ()) -> None:
        if len(layout) != len(values):
            raise ValueError(f"{len(layout)} entry layouts for {len(values)} values")
        self._layout: list[EntryLayout] = list(layout)
        self._values: list[NDArray[np.floating] | float] = list(values)
        self._entries: list[TraceEntry] | None = None
        self._index: dict[str, int] | None = None

    def extend(self, layout: Sequence[EntryLayout],
               values: Sequence[NDArray[np.floating] | float]) -> None:
        self._layout.extend(layout)
        self._values.extend(values)
        self._entries = None
        self._index = None

    @property
    def entries(self) -> list[TraceEntry]:
        if self._entries is None:
            self._entries = [
                TraceEntry(spec.name, spec.label, spec.formula, spec.phase, spec.layer,
                           spec.inputs, np.asarray(value))
                for spec, value in zip(self._layout, self._values, strict=True)
            ]
        return self._entries

    def _positions(self) -> dict[str, int]:
        if self._index is None:
            self._index = {spec.name: i for i, spec in enumerate(self._layout)}
        return self._index

    def __getitem__(self, name: str) -> TraceEntry:
        try:
            return self.entries[self._positions()[name]]
        except KeyError:
            known = ", ".join(e.name for e in self.entries)
            raise KeyError(f"no trace entry {name!r}; the trace has {known}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._positions()

    def __iter__(self) -> Iterator[TraceEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def names(self) -> list[str]:
        return [spec.name for spec in self._layout]

    @property
    def loss(self) -> float:
        return float(self._values[self._positions()["L"]])

    @property
    def n_layers(self) -> int:
        return max((spec.layer for spec in self._layout if spec.phase == "forward"), default=0)

    def to_json_dict(self) -> dict[str, Any]:
        """{"loss": L, "layers": [{"z", "a", "delta", "dW", "db", "W", "b"}, ...], "x", "y"}
        with nested lists: the pass's results, and its inputs (x, y and each layer's W and b)
        so that a tool can recompute every one of them."""
        layers = []
        for layer in range(1, self.n_layers + 1):
            layers.append({
                key: self[f"{prefix}{layer}"].value.tolist()
                for key, prefix in (("z", "z"), ("a", "a"), ("delta", "delta"),
                                    ("dW", "dW"), ("db", "db"), ("W", "W"), ("b", "b"))
            })
        return {"loss": self.loss, "layers": layers, "x": self["x"].value.tolist(),
                "y": self["y"].value.tolist()}
