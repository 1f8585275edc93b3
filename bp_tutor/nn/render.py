"""Traces as text: aligned matrices, a plain listing, and a Markdown worked example for handouts."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from bp_tutor.nn.trace import Trace, TraceEntry

DECIMALS = 4

PHASE_TITLES = {
    "input": "Inputs and parameters",
    "forward": "Forward pass",
    "loss": "Loss",
    "backward": "Backward pass",
    "update": "Update",
}


def format_number(v: float, decimals: int = DECIMALS) -> str:
    """`v` with `decimals` places; −0.0000 is shown as 0.0000 (the sign carries no meaning)."""
    text = f"{v:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def format_shape(shape: tuple[int, ...]) -> str:
    """(2, 3) → "2×3"; a scalar → "scalar"."""
    return "×".join(str(d) for d in shape) if shape else "scalar"


def format_array(value: NDArray[np.floating], decimals: int = DECIMALS, style: str = "tall"
                 ) -> list[str]:
    """Rows of a scalar, vector or matrix, columns right-aligned.

    style "tall" draws one bracket over all rows (⎡ ⎢ ⎣), for reading; "rows" puts each row in
    its own [ ], which stays aligned in any terminal font.
    """
    arr = np.asarray(value)
    if arr.ndim == 0:
        return [format_number(float(arr), decimals)]
    rows = arr.reshape(1, -1) if arr.ndim == 1 else arr.reshape(-1, arr.shape[-1])
    cells = [[format_number(float(v), decimals) for v in row] for row in rows]
    return bracketed(aligned_rows(cells), style)


def aligned_rows(cells: list[list[str]]) -> list[str]:
    """Rows of cell texts joined with two spaces, each column right-aligned to its widest cell."""
    widths = [max(len(row[j]) for row in cells) for j in range(len(cells[0]))]
    return ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells]


def bracketed(lines: list[str], style: str = "tall") -> list[str]:
    """Matrix brackets around already aligned rows (see `format_array` for the two styles)."""
    if len(lines) == 1 or style == "rows":
        return [f"[ {line} ]" for line in lines]
    out = []
    for i, line in enumerate(lines):
        left, right = ("⎡", "⎤") if i == 0 else ("⎣", "⎦") if i == len(lines) - 1 else ("⎢", "⎥")
        out.append(f"{left} {line} {right}")
    return out


def shape_text(entry: TraceEntry) -> str:
    return format_shape(entry.shape)


def trace_to_text(trace: Trace, decimals: int = 4) -> str:
    out: list[str] = []
    phase = None
    for entry in trace:
        if entry.phase != phase:
            phase = entry.phase
            out.append(f"── {PHASE_TITLES[phase]} " + "─" * max(0, 60 - len(PHASE_TITLES[phase])))
        out.append(f"{entry.formula}    ({shape_text(entry)})")
        out.extend("    " + line for line in format_array(entry.value, decimals))
    return "\n".join(out) + "\n"


def trace_to_markdown(trace: Trace, title: str, description: str = "", decimals: int = 4) -> str:
    """A worked example: for each step, the formula and then its numbers."""
    out = [f"# {title}", ""]
    if description:
        out += [description, ""]
    out += [
        "Batches are rows: x holds one sample per row. Each step below gives its formula, then its "
        f"numbers (rounded to {decimals} decimals). δ is ∂L/∂z of the loss as reduced over the "
        "batch, so under a mean it carries the 1/N.",
        "",
    ]
    phase = None
    step = 0
    for entry in trace:
        if entry.phase != phase:
            phase = entry.phase
            out += [f"## {PHASE_TITLES[phase]}", ""]
        if entry.phase == "input":
            out += [f"**{entry.label}** ({shape_text(entry)})", ""]
        else:
            step += 1
            uses = ", ".join(trace[name].label for name in entry.inputs if name in trace)
            out += [f"**Step {step}.** `{entry.formula}`" + (f" — uses {uses}" if uses else ""),
                    f"({shape_text(entry)})", ""]
        out += ["```", *format_array(entry.value, decimals), "```", ""]
    out += [f"The loss of this pass: **L = {format_number(trace.loss, 6)}**.", ""]
    return "\n".join(out)
