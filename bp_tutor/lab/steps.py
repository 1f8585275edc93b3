"""One pass, one operation at a time: the steps of a Trace and the cells each step reads.

A step is a trace entry that was computed (forward, loss, backward, update); the inputs x, y, W, b
are not steps. For a selected cell of a step's result, `involved_cells` names the cells of its
inputs that produced it:

    zˡ = aˡ⁻¹Wˡ + bˡ        zᵢⱼ = Σₖ aᵢₖWₖⱼ + bⱼ       row i of aˡ⁻¹, column j of Wˡ, bⱼ
    aˡ = f(zˡ)  (elementwise) aᵢⱼ = f(zᵢⱼ)            the same cell of zˡ
    aˡ = softmax(zˡ)          aᵢⱼ depends on zᵢ.         row i of zˡ
    L                         every cell of aᴸ and y
    δᴸ (fused)                δᵢⱼ = (aᵢⱼ − yᵢⱼ)/N         the same cell of aᴸ and y
    δˡ = (δˡ⁺¹Wˡ⁺¹ᵀ) ⊙ f′    δᵢⱼ = Σₖ δˡ⁺¹ᵢₖ Wˡ⁺¹ⱼₖ ·f′ᵢⱼ  row i of δˡ⁺¹, row j of Wˡ⁺¹, cell (i, j)
    ∂L/∂Wˡ = aˡ⁻¹ᵀδˡ        (∂L/∂W)ᵢⱼ = Σₙ aₙᵢ δₙⱼ      column i of aˡ⁻¹, column j of δˡ
      (+ λWˡ)                  (+ λWᵢⱼ)                    (and cell (i, j) of Wˡ)
    ∂L/∂bˡ = Σₙ δˡ            (∂L/∂b)ⱼ = Σₙ δₙⱼ          column j of δˡ
    W ← update                the same cell of W and ∂L/∂W
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bp_tutor.nn import Trace, TraceEntry

Cell = tuple[int, int]  # (row, column) of a value shown as a matrix; vectors are one row

STEP_PHASES = ("forward", "loss", "backward", "update")


def as_matrix_shape(shape: tuple[int, ...]) -> tuple[int, int]:
    """How a value is drawn: a scalar as 1×1, a vector as one row, a matrix as itself."""
    if len(shape) == 0:
        return (1, 1)
    if len(shape) == 1:
        return (1, shape[0])
    return (shape[0], int(np.prod(shape[1:])))


def value_at(entry: TraceEntry, cell: Cell) -> float:
    """The number drawn at `cell` of `entry` (vectors are one row, a scalar is cell (0, 0))."""
    rows, cols = as_matrix_shape(entry.shape)
    return float(np.asarray(entry.value).reshape(rows, cols)[cell])


def _full(shape: tuple[int, ...]) -> set[Cell]:
    rows, cols = as_matrix_shape(shape)
    return {(r, c) for r in range(rows) for c in range(cols)}


def _row(shape: tuple[int, ...], r: int) -> set[Cell]:
    _, cols = as_matrix_shape(shape)
    return {(r, c) for c in range(cols)}


def _column(shape: tuple[int, ...], c: int) -> set[Cell]:
    rows, _ = as_matrix_shape(shape)
    return {(r, c) for r in range(rows)}


def involved_cells(trace: Trace, entry: TraceEntry, cell: Cell) -> dict[str, set[Cell]]:
    """For each input of `entry`, the cells that produced `entry`'s `cell`."""
    i, j = cell
    name = entry.name
    out: dict[str, set[Cell]] = {}
    shapes = {n: trace[n].shape for n in entry.inputs if n in trace}
    if name.startswith("z"):
        a_prev, w, b = entry.inputs
        out = {a_prev: _row(shapes[a_prev], i), w: _column(shapes[w], j), b: {(0, j)}}
    elif name.startswith("a"):
        (z,) = entry.inputs
        elementwise = "softmax" not in entry.formula
        out = {z: {(i, j)} if elementwise else _row(shapes[z], i)}
    elif name == "L":
        out = {n: _full(s) for n, s in shapes.items()}
    elif name.startswith("delta"):
        for n, s in shapes.items():
            if n.startswith("delta"):
                out[n] = _row(s, i)  # δˡ⁺¹ row i
            elif n.startswith("W"):
                out[n] = _row(s, j)  # Wˡ⁺¹ row j is column j of Wˡ⁺¹ᵀ
            elif "per sample" in entry.formula:
                out[n] = _row(s, i)  # a softmax Jacobian mixes the whole row
            else:
                out[n] = {(i, j)}
    elif name.startswith("dW"):
        a_prev, delta, *decayed = entry.inputs  # under weight decay W itself: + λWᵢⱼ
        out = {a_prev: _column(shapes[a_prev], i), delta: _column(shapes[delta], j)}
        out.update({w: {(i, j)} for w in decayed})
    elif name.startswith("db"):
        (delta,) = entry.inputs
        out = {delta: _column(shapes[delta], j)}
    else:  # update_W1, update_b1: the parameter and its gradient, cell by cell
        out = {n: {(i, j)} for n in shapes}
    return out


@dataclass
class StepSequence:
    """A cursor over the steps of a trace: `forward()` and `back()` move one operation."""

    trace: Trace
    index: int = 0

    def __post_init__(self) -> None:
        self.steps: list[TraceEntry] = [e for e in self.trace if e.phase in STEP_PHASES]
        if not self.steps:
            raise ValueError("the trace holds no computed steps")
        self.index = min(max(self.index, 0), len(self.steps) - 1)

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def current(self) -> TraceEntry:
        return self.steps[self.index]

    @property
    def at_start(self) -> bool:
        return self.index == 0

    @property
    def at_end(self) -> bool:
        return self.index == len(self.steps) - 1

    def forward(self) -> bool:
        """Move to the next operation; False when already at the last one."""
        if self.at_end:
            return False
        self.index += 1
        return True

    def back(self) -> bool:
        """Move to the previous operation; False when already at the first one."""
        if self.at_start:
            return False
        self.index -= 1
        return True

    def inputs(self) -> Sequence[TraceEntry]:
        """The entries the current step reads, in the order its formula names them."""
        return [self.trace[n] for n in self.current.inputs if n in self.trace]


def clamp_cell(cell: Cell, shape: tuple[int, ...]) -> Cell:
    rows, cols = as_matrix_shape(shape)
    return (min(max(cell[0], 0), rows - 1), min(max(cell[1], 0), cols - 1))


def cell_text(shape: tuple[int, ...], cell: Cell) -> str:
    """How the lessons index an entry, counting from 1 as they do (w₁₁ is the first weight):
    "[i,j]" in a matrix, "[j]" in a vector, "" for a scalar. `cell` counts from 0."""
    if len(shape) == 0:
        return ""
    if len(shape) == 1:
        return f"[{cell[1] + 1}]"
    return f"[{cell[0] + 1},{cell[1] + 1}]"
