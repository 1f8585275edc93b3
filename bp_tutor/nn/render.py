"""Traces as text: aligned matrices, a plain listing, and a Markdown worked example for handouts.

The listing and the handout speak the reader's language: their words come in a `TraceWords`,
filled by the caller (the trace command takes them from the UI's string tables), so the engine
itself holds no prose in any language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from bp_tutor.cells import cell_width
from bp_tutor.nn.network import PER_SAMPLE
from bp_tutor.nn.trace import Trace, TraceEntry

DECIMALS = 4
ELLIPSIS = "…"
RULE_WIDTH = 64  # a phase title's rule ends here, whatever the title's length
MATRIX_INDENT = "    "


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


@dataclass(frozen=True)
class TraceWords:
    """The words of a listing or handout, each a `str.format` template (fields in braces)."""

    phase_input: str  # "Inputs and parameters"
    phase_forward: str
    phase_loss: str
    phase_backward: str
    phase_update: str
    input_x: str  # "the input batch, one sample per row"
    input_y: str
    input_weights: str  # "layer {layer}'s weights"
    input_biases: str
    labelled: str  # "{label}: {text}"
    per_sample: str  # "(per sample)", as the engine writes it after a softmax Jacobian
    scalar: str  # the shape of a scalar
    list_separator: str  # between the inputs a step uses
    handout_title: str  # "Backpropagation, worked example: {name}"
    handout_intro: str  # mentions {decimals}
    handout_input: str  # "**{label}** ({shape}): {text}"
    handout_step: str  # "**Step {step}.** `{formula}`"
    handout_uses: str  # " — uses {inputs}"
    handout_loss: str  # "... **L = {loss}**."
    columns_left_out: str  # "{shape}, columns {first}–{last} left out"
    column_left_out: str  # "{shape}, column {first} left out"

    @classmethod
    def from_lookup(cls, word: Callable[[str], str], prefix: str = "trace.") -> TraceWords:
        """Every field from `word(prefix + field name)`, e.g. a string table's lookup."""
        return cls(**{field.name: word(prefix + field.name) for field in fields(cls)})

    def phase_title(self, phase: str) -> str:
        return str(getattr(self, f"phase_{phase}"))

    def shape(self, shape: tuple[int, ...]) -> str:
        return format_shape(shape) if shape else self.scalar

    def formula(self, entry: TraceEntry) -> str:
        """The entry's formula as the reader reads it: an input says what it holds, and the
        engine's "(per sample)" note is in the reader's words."""
        if entry.phase == "input":
            return self.labelled.format(label=entry.label, text=self.describe_input(entry))
        return entry.formula.replace(PER_SAMPLE, self.per_sample)

    def describe_input(self, entry: TraceEntry) -> str:
        if entry.name == "x":
            return self.input_x
        if entry.name == "y":
            return self.input_y
        template = self.input_weights if entry.name.startswith("W") else self.input_biases
        return template.format(layer=entry.layer)


def trace_listing(trace: Trace, words: TraceWords, decimals: int = DECIMALS,
                  width: int | None = None) -> tuple[list[str], bool]:
    """The lines of a listing: every entry's formula and shape, then its numbers. With a
    `width`, a matrix too wide for it keeps its first and last columns with "…" between, and
    its shape line names the columns left out. Also whether any were: the caller then says how
    to see them all (in prose, which it wraps to the width as its language needs)."""
    out: list[str] = []
    phase = None
    cut_any = False
    for entry in trace:
        if entry.phase != phase:
            phase = entry.phase
            out.append(phase_rule(words.phase_title(phase), width))
        lines, left_out = fitted_rows(entry.value, decimals, width)
        shape = words.shape(entry.shape)
        if left_out is not None:
            cut_any = True
            first, last = left_out
            template = words.column_left_out if first == last else words.columns_left_out
            shape = template.format(shape=shape, first=first, last=last)
        out += heading_lines(words.formula(entry), shape, width)
        out.extend(MATRIX_INDENT + line for line in lines)
    return out, cut_any


def heading_lines(formula: str, shape: str, width: int | None) -> list[str]:
    """"formula    (shape)", or the shape on a line of its own when both do not fit in `width`.
    A formula is never broken: a line wider than the terminal is better than a split one."""
    line = f"{formula}    ({shape})"
    if width is None or cell_width(line) <= width:
        return [line]
    return [formula, f"  ({shape})"]


def phase_rule(title: str, width: int | None = None) -> str:
    """"── Forward pass ─────": the rule ends at RULE_WIDTH cells (or `width`, if narrower)."""
    end = RULE_WIDTH if width is None else min(RULE_WIDTH, width)
    return f"── {title} " + "─" * max(0, end - 4 - cell_width(title))


def fitted_rows(value: NDArray[np.floating], decimals: int, width: int | None
                ) -> tuple[list[str], tuple[int, int] | None]:
    """The bracketed rows of `value` within `width` cells (indent included), and the 1-based
    first and last column left out, if any."""
    arr = np.asarray(value)
    if arr.ndim == 0 or width is None:
        return format_array(arr, decimals), None
    rows = arr.reshape(1, -1) if arr.ndim == 1 else arr.reshape(-1, arr.shape[-1])
    cells = [[format_number(float(v), decimals) for v in row] for row in rows]
    # Brackets take "⎡ " and " ⎤": four cells beside the indent.
    kept, left_out = columns_that_fit(cells, width - len(MATRIX_INDENT) - 4)
    return bracketed(aligned_rows(kept)), left_out


def columns_that_fit(cells: list[list[str]], room: int
                     ) -> tuple[list[list[str]], tuple[int, int] | None]:
    """`cells` if their aligned rows fit in `room` cells; else the first and last columns that
    fit, with a column of "…" between them, and the 1-based range of columns it stands for.

    The head gets a column before the tail does, so the first columns are never fewer; the
    last column stays whenever two columns fit at all, as the last unit is often the one asked
    about. Rows that cannot fit even one column and "…" are left as wide as they must be.
    """
    n = len(cells[0])
    widths = [max(len(row[j]) for row in cells) for j in range(n)]
    if n == 1 or sum(widths) + 2 * (n - 1) <= room:
        return cells, None
    head, tail = 1, 0
    used = widths[0] + 2 + len(ELLIPSIS)
    while head + tail < n - 1:
        take_head = head <= tail
        column = head if take_head else n - 1 - tail
        if used + 2 + widths[column] > room:
            break
        used += 2 + widths[column]
        head, tail = (head + 1, tail) if take_head else (head, tail + 1)
    kept = [[*row[:head], ELLIPSIS, *row[n - tail:]] for row in cells]
    return kept, (head + 1, n - tail)


def trace_to_markdown(trace: Trace, words: TraceWords, name: str, description: str = "",
                      decimals: int = DECIMALS) -> str:
    """A worked example: for each step, the formula and then its numbers. Rows are never cut:
    a handout is a file, read in an editor or printed, not squeezed into a terminal."""
    out = [f"# {words.handout_title.format(name=name)}", ""]
    if description:
        out += [description, ""]
    out += [words.handout_intro.format(decimals=decimals), ""]
    phase = None
    step = 0
    for entry in trace:
        if entry.phase != phase:
            phase = entry.phase
            out += [f"## {words.phase_title(phase)}", ""]
        shape = words.shape(entry.shape)
        if entry.phase == "input":
            out += [words.handout_input.format(label=entry.label, shape=shape,
                                               text=words.describe_input(entry)), ""]
        else:
            step += 1
            # Once each: δᴸ of a softmax reads aᴸ twice (for the loss's gradient and for f′).
            uses = words.list_separator.join(trace[used].label for used in dict.fromkeys(entry.inputs)
                                             if used in trace)
            out += [words.handout_step.format(step=step, formula=words.formula(entry))
                    + (words.handout_uses.format(inputs=uses) if uses else ""),
                    f"({shape})", ""]
        out += ["```", *format_array(entry.value, decimals), "```", ""]
    out += [words.handout_loss.format(loss=format_number(trace.loss, 6)), ""]
    return "\n".join(out)
