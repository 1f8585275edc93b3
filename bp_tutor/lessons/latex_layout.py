"""Laying out a LaTeX syntax tree as terminal text: boxes of lines joined on a baseline.

Widths are terminal cells (`rich.cells.cell_len`), so columns stay aligned beside Chinese text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rich.cells import cell_len

from bp_tutor.lessons import latex_symbols as sym
from bp_tutor.lessons.latex_parse import (
    Accent,
    Atom,
    BigOp,
    Delimited,
    Frac,
    Matrix,
    Node,
    Row,
    Scripts,
    Sqrt,
)

# ---------------------------------------------------------------------------------------------
# Layout: a Box is lines of equal cell width with a baseline row (the one that lines up with
# the surrounding text).


@dataclass(frozen=True)
class Box:
    lines: tuple[str, ...]
    baseline: int

    @property
    def width(self) -> int:
        return max((cell_len(line) for line in self.lines), default=0)

    @property
    def height(self) -> int:
        return len(self.lines)

    @staticmethod
    def text(s: str) -> Box:
        return Box((s,), 0)


def _pad(s: str, width: int, align: str = "left") -> str:
    gap = width - cell_len(s)
    if gap <= 0:
        return s
    if align == "right":
        return " " * gap + s
    if align == "center":
        left = gap // 2
        return " " * left + s + " " * (gap - left)
    return s + " " * gap


def hconcat(boxes: list[Box]) -> Box:
    """Side by side, baselines on one row."""
    boxes = [b for b in boxes if b.width > 0]  # an empty box adds neither width nor height
    if not boxes:
        return Box.text("")
    above = max(b.baseline for b in boxes)
    below = max(b.height - b.baseline - 1 for b in boxes)
    lines = [""] * (above + below + 1)
    for b in boxes:
        w = b.width
        top = above - b.baseline
        for r in range(len(lines)):
            k = r - top
            lines[r] += _pad(b.lines[k], w) if 0 <= k < b.height else " " * w
    return Box(tuple(lines), above)


def vstack(boxes: list[Box], baseline_index: int) -> Box:
    """One above the other, each centred; the baseline is that of boxes[baseline_index]."""
    width = max(b.width for b in boxes)
    lines: list[str] = []
    baseline = 0
    for i, b in enumerate(boxes):
        if i == baseline_index:
            baseline = len(lines) + b.baseline
        lines.extend(_pad(line, width, "center") for line in b.lines)
    return Box(tuple(lines), baseline)


_NUMBER = re.compile(r"^[−+-]?(\d+([.,]\d*)?|[.,]\d+)$")


class Renderer:
    def __init__(self, display: bool) -> None:
        self.display = display

    # Inline text of a node, with math spacing unless compact (scripts are compact).
    def flat(self, node: Node, compact: bool = False) -> str:
        saved = self.display
        self.display = False
        try:
            box = self.layout(node, compact)
        finally:
            self.display = saved
        return box.lines[0] if box.lines else ""

    def layout(self, node: Node, compact: bool = False) -> Box:
        if isinstance(node, Atom):
            return Box.text(node.text)
        if isinstance(node, Row):
            return self.layout_row(node, compact)
        if isinstance(node, Scripts):
            return self.layout_scripts(node, compact)
        if isinstance(node, Frac):
            return self.layout_frac(node, compact)
        if isinstance(node, Sqrt):
            return self.layout_sqrt(node)
        if isinstance(node, Delimited):
            return self.layout_delimited(node, compact)
        if isinstance(node, Matrix):
            return self.layout_matrix(node)
        if isinstance(node, Accent):
            return self.layout_accent(node)
        return self.layout_bigop(node)

    def layout_row(self, row: Row, compact: bool) -> Box:
        boxes: list[Box] = []
        kinds = [_kind(item) for item in row.items]
        prev = "start"
        for i, item in enumerate(row.items):
            kind = kinds[i]
            box = self.layout(item, compact)
            nxt = kinds[i + 1] if i + 1 < len(kinds) else "end"
            if kind == "bin" and not compact:
                binary = prev in ("ord", "close", "func") and nxt != "end"
                if binary:
                    box = Box.text(" " + box.lines[0] + " ")
            elif kind == "rel" and not compact:
                left = "" if prev == "start" else " "
                right = "" if nxt == "end" else " "
                box = Box.text(left + box.lines[0] + right)
            elif kind == "punct" and not compact and nxt not in ("end", "space"):
                box = Box.text(box.lines[0] + " ")
            elif kind in ("func", "op") and not compact:
                # "yₖ ln aₖ", "Σₖ aₖ": a named function or big operator stands apart from
                # operands on either side, but hugs an opening parenthesis: "max(0, z)".
                parts = [box]
                if prev in ("ord", "close"):
                    parts.insert(0, Box.text(" "))
                # Display limits wider than the symbol already leave room after it.
                padded = box.lines[box.baseline].endswith(" ")
                if nxt in ("ord", "func", "op") and not padded and not _starts_with_open(row, i + 1):
                    parts.append(Box.text(" "))
                box = hconcat(parts)
            boxes.append(box)
            if kind != "space":
                prev = kind
        return hconcat(boxes)

    def script_text(self, node: Node, table: dict[str, str], prefix: str) -> str:
        text = self.flat(node, compact=True)
        if text and all(ch in table for ch in text):
            return "".join(table[ch] for ch in text)
        if text in ("′", "″") or (text and all(ch == "′" for ch in text)):
            return text
        if len(text) == 1 or (text.startswith("(") and text.endswith(")") and _balanced(text[1:-1])):
            return prefix + text
        return f"{prefix}({text})"

    def layout_scripts(self, node: Scripts, compact: bool) -> Box:
        base = self.layout(node.base, compact)
        sup = self.script_text(node.sup, sym.SUPERSCRIPT, "^") if node.sup is not None else ""
        sub = self.script_text(node.sub, sym.SUBSCRIPT, "_") if node.sub is not None else ""
        if base.height == 1:
            # Subscript before superscript reads as LaTeX does: x_j^2 -> xⱼ².
            return Box.text(base.lines[0] + sub + sup)
        width = max(cell_len(sub), cell_len(sup))
        column = [" " * width] * base.height
        column[0] = _pad(sup, width)
        column[-1] = _pad(sub, width) if sub else column[-1]
        return hconcat([base, Box(tuple(column), base.baseline)])

    def layout_frac(self, node: Frac, compact: bool) -> Box:
        if self.display:
            num = self.layout(node.num)
            den = self.layout(node.den)
            width = max(num.width, den.width) + 2
            rule = Box.text("─" * width)
            return vstack([num, rule, den], 1)
        num_text = self.flat(node.num, compact)
        den_text = self.flat(node.den, compact)
        return Box.text(f"{_wrap(node.num, num_text)}/{_wrap(node.den, den_text)}")

    def layout_sqrt(self, node: Sqrt) -> Box:
        index = ""
        if node.index is not None:
            index = self.script_text(node.index, sym.SUPERSCRIPT, "")
        body = self.layout(node.body)
        if body.height == 1:
            text = body.lines[0]
            inner = text if _is_simple(node.body, text) else f"({text})"
            return Box.text(f"{index}√{inner}")
        return hconcat([Box.text(index + "√"), self.tall("(", body), body, self.tall(")", body)])

    def tall(self, delim: str, like: Box) -> Box:
        """A delimiter as tall as `like`, aligned with it."""
        if not delim:
            return Box(("",) * like.height, like.baseline)
        if like.height == 1 or delim not in sym.TALL_DELIMITERS:
            lines = [" "] * like.height
            lines[like.baseline] = delim
            return Box(tuple(lines), like.baseline)
        top, mid, bottom = sym.TALL_DELIMITERS[delim]
        filler = "⎪" if delim in "{}" else mid
        lines = [filler] * like.height
        lines[0], lines[-1] = top, bottom
        if delim in "{}" and like.height >= 3:
            lines[like.height // 2] = mid
        elif delim in "{}":
            lines = [top, bottom] if like.height == 2 else lines
        return Box(tuple(lines), like.baseline)

    def layout_delimited(self, node: Delimited, compact: bool) -> Box:
        body = self.layout(node.body, compact)
        return hconcat([self.tall(node.left, body), body, self.tall(node.right, body)])

    def layout_accent(self, node: Accent) -> Box:
        text = self.flat(node.body)
        if cell_len(text) == 1:
            # Precomposed where Unicode has one (ŷ): terminals draw those more reliably.
            return Box.text(unicodedata.normalize("NFC", text + node.mark))
        if node.mark in ("\u0304", "\u0305"):
            return Box.text("".join(ch + "\u0305" for ch in text))
        return Box.text(f"({text}){node.mark}")

    def layout_bigop(self, node: BigOp) -> Box:
        symbol = Box.text(node.symbol)
        if self.display and node.symbol not in ("∫", "∬", "∮"):
            parts = [symbol]
            index = 0
            if node.sup is not None:
                parts.insert(0, Box.text(self.flat(node.sup, compact=True)))
                index = 1
            if node.sub is not None:
                parts.append(Box.text(self.flat(node.sub, compact=True)))
            return vstack(parts, index)
        sub = self.script_text(node.sub, sym.SUBSCRIPT, "_") if node.sub is not None else ""
        sup = self.script_text(node.sup, sym.SUPERSCRIPT, "^") if node.sup is not None else ""
        return Box.text(node.symbol + sub + sup)

    def layout_matrix(self, node: Matrix) -> Box:
        """Rows of cells in aligned columns; numbers right-aligned, other cells centred.

        `aligned` alternates right/left columns around '&' as LaTeX's align does, and `cases`
        is left-aligned behind a tall brace.
        """
        cells = [[self.flat(cell) for cell in row] for row in node.rows]
        ncols = max(len(r) for r in cells)
        cells = [r + [""] * (ncols - len(r)) for r in cells]
        if node.env == "aligned":
            aligns = ["right" if c % 2 == 0 else "left" for c in range(ncols)]
            gap = " "  # `a &= b` reads "a = b": the relation opens the second cell
        elif node.env == "cases":
            aligns, gap = ["left"] * ncols, "   "
        else:
            aligns = [
                "right" if all(_NUMBER.match(r[c]) or not r[c] for r in cells) else "center"
                for c in range(ncols)
            ]
            gap = "  "
        if not self.display:
            rows = [gap.join(c for c in r if c) for r in cells]
            left, right = sym.MATRIX_DELIMITERS.get(node.env, ("{", "") if node.env == "cases" else ("", ""))
            return Box.text(left + ("; " if left else ", ").join(rows) + right)
        widths = [max(cell_len(r[c]) for r in cells) for c in range(ncols)]
        lines = [gap.join(_pad(r[c], widths[c], aligns[c]) for c in range(ncols)) for r in cells]
        width = max(cell_len(line.rstrip()) for line in lines)
        body = Box(tuple(_pad(line.rstrip(), width) for line in lines), (len(lines) - 1) // 2)
        if node.env == "cases":
            return hconcat([self.tall("{", body), Box.text(" "), body])
        left, right = sym.MATRIX_DELIMITERS.get(node.env, ("", ""))
        if not left:
            return body
        pad = Box(tuple(" " for _ in lines), body.baseline)
        return hconcat([self.tall(left, body), pad, body, pad, self.tall(right, body)])


def _kind(node: Node) -> str:
    if isinstance(node, Atom):
        return {"text": "ord"}.get(node.kind, node.kind)
    if isinstance(node, Scripts):
        inner = _kind(node.base)
        return "close" if inner == "close" else "func" if inner == "func" else "ord"
    if isinstance(node, BigOp):
        return "op"
    if isinstance(node, Row) and len(node.items) == 1:
        return _kind(node.items[0])
    if isinstance(node, Delimited):
        return "close"
    return "ord"


def _starts_with_open(row: Row, index: int) -> bool:
    if index >= len(row.items):
        return True
    item = row.items[index]
    if isinstance(item, Scripts):
        item = item.base
    if isinstance(item, Delimited):
        return True
    return isinstance(item, Atom) and item.kind in ("open", "space")


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _is_simple(node: Node, text: str) -> bool:
    """True when `text` reads unambiguously after '√' or around '/' without parentheses."""
    while isinstance(node, Row) and len(node.items) == 1:
        node = node.items[0]
    if isinstance(node, Atom | Scripts | Accent | Delimited | Matrix):
        return True
    if isinstance(node, Row):
        return not any(ch in text for ch in " +−-=·×⊙/,<>≤≥≈") and len(node.items) <= 2
    return False


def _wrap(node: Node, text: str) -> str:
    return text if _is_simple(node, text) else f"({text})"
