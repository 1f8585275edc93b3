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
_UNSIGNED_NUMBER = re.compile(r"^(\d+(\.\d+)?|\.\d+)$")


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
        bracketed = self.bracketed_fractions(row, kinds)
        prev = "start"
        for i, item in enumerate(row.items):
            kind = kinds[i]
            if i in bracketed:
                box = Box.text("(" + self.flat(item, compact) + ")")
            elif isinstance(item, Scripts):
                # A script fallback inside a run of juxtaposed factors keeps its brackets, so
                # the product reads uniformly: "e^(zᵢ)e^(zⱼ)", not "e^(zᵢ)e^zⱼ".
                in_product = _glues_on(row, kinds, i + 1, compact) or (
                    i > 0 and (compact or kinds[i - 1] in ("ord", "close"))
                )
                box = self.layout_scripts(item, compact, followed=in_product)
            else:
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
                # operands on either side; a function hugs an opening parenthesis: "max(0, z)".
                parts = [box]
                if prev in ("ord", "close"):
                    parts.insert(0, Box.text(" "))
                # Display limits wider than the symbol already leave room after it.
                padded = box.lines[box.baseline].endswith(" ")
                opens = i + 1 < len(kinds) and nxt != "space" and _starts_with_open(row, i + 1)
                if kind == "func":
                    spaced = nxt in ("ord", "func", "op") and not opens and i + 1 not in bracketed
                else:
                    # A sum is not a function call: "Σₖ (yₖ − aₖ)²", not "Σₖ(yₖ − aₖ)²".
                    spaced = nxt in ("ord", "func", "op") or opens
                if spaced and not padded:
                    parts.append(Box.text(" "))
                box = hconcat(parts)
            if boxes and _rules_would_touch(boxes[-1], box):
                boxes.append(Box.text(" "))
            boxes.append(box)
            if kind != "space":
                prev = kind
        return hconcat(boxes)

    def bracketed_fractions(self, row: Row, kinds: list[str]) -> set[int]:
        """Indices of the inline fractions in `row` that need parentheses around them.

        An inline fraction is a run of text with '/' in it, and '/' binds no tighter than the
        juxtaposition that means a product: "1/N(a − y)" reads as 1/(N(a − y)). So a fraction
        with a factor right before or after it is bracketed: "(1/N)(a − y)", "2(a/b)",
        "ln(a/b)". Operators, relations, punctuation and the ends of the row separate enough.
        Stacked fractions in display math need none of this.
        """
        if self.display:
            return set()
        bracketed: set[int] = set()
        for i, item in enumerate(row.items):
            if not isinstance(item, Frac):
                continue
            before = _neighbour(kinds, i, -1)
            after = _neighbour(kinds, i, +1)
            factor_before = before is not None and kinds[before] in ("ord", "close", "func")
            factor_after = after is not None and (
                kinds[after] in ("ord", "open", "func", "op") or _starts_with_open(row, after)
            )
            if factor_before or factor_after:
                bracketed.add(i)
        return bracketed

    def script_text(self, node: Node, table: dict[str, str], prefix: str, followed: bool = False) -> str:
        """A superscript or subscript as Unicode script characters, or else after '^' or '_'.

        The fallback leaves out parentheses only where nothing can be read as part of the script:
        one symbol, one symbol with a Unicode subscript, or one unsigned number ("y^q", "e^zᵢ",
        "e^0.5"), and only when nothing follows directly (`followed`), since "e^0.5x" could mean
        e^(0.5x).
        """
        text = self.flat(node, compact=True)
        if text and all(ch in table for ch in text):
            return "".join(table[ch] for ch in text)
        if text in ("′", "″") or (text and all(ch == "′" for ch in text)):
            return text
        if text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
            return prefix + text
        if not followed and (_is_subscripted_symbol(text) or _UNSIGNED_NUMBER.match(text)):
            return prefix + text
        return f"{prefix}({text})"

    def layout_scripts(self, node: Scripts, compact: bool, followed: bool = False) -> Box:
        if isinstance(node.base, Frac) and not self.display:
            # "(a/b)²": a script on "a/b" would belong to b alone.
            base = Box.text("(" + self.flat(node.base, compact) + ")")
        else:
            base = self.layout(node.base, compact)
        sup = self.script_text(node.sup, sym.SUPERSCRIPT, "^", followed) if node.sup is not None else ""
        # A subscript is followed by the superscript when there is one: "x_(b)²", not "x_b²".
        sub_followed = followed or (node.sup is not None and base.height == 1)
        sub = self.script_text(node.sub, sym.SUBSCRIPT, "_", sub_followed) if node.sub is not None else ""
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
        if not _plain_numerator(node.num, num_text):
            num_text = f"({num_text})"
        if not _plain_denominator(node.den, den_text):
            den_text = f"({den_text})"
        return Box.text(f"{num_text}/{den_text}")

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


def _neighbour(kinds: list[str], index: int, step: int) -> int | None:
    """The index of the nearest item before (step -1) or after (+1) `index` that is not a space.

    LaTeX ignores spaces in the source, and "\\frac{1}{2}\\,x" is still a product.
    """
    j = index + step
    while 0 <= j < len(kinds) and kinds[j] == "space":
        j += step
    return j if 0 <= j < len(kinds) else None


def _glues_on(row: Row, kinds: list[str], index: int, compact: bool) -> bool:
    """Whether item `index` would run into the text before it with nothing in between.

    Operands and opening brackets do ("e^0.5x"); so does anything in compact (script) text,
    where operators get no spaces. Named functions, big operators, relations and spaced
    binary operators keep their distance.
    """
    if index >= len(kinds) or kinds[index] == "space":
        return False
    return compact or kinds[index] in ("ord", "open") or _starts_with_open(row, index)


def _rules_would_touch(left: Box, right: Box) -> bool:
    """Whether two boxes set side by side would join their fraction rules into one.

    Both rules sit on the baseline row; a unary minus right before a rule would read as part of
    it too. One column of space keeps them apart.
    """
    if not left.lines or not right.lines:
        return False
    return left.lines[left.baseline].endswith(("─", "−")) and right.lines[right.baseline].startswith("─")


_SUBSCRIPT_CHARACTERS = frozenset(sym.SUBSCRIPT.values())


def _is_subscripted_symbol(text: str) -> bool:
    """One symbol, maybe with Unicode subscripts: "q", "zᵢ", "w₁₂" (a script reads as one unit)."""
    if not text or cell_len(text[0]) != 1 or text[0] in _SUBSCRIPT_CHARACTERS:
        return False
    rest = text[1:]
    # Combining marks (an accent, x̄) belong to the symbol and take no cell.
    marks = len(rest) - len(rest.lstrip("\u0302\u0303\u0304\u0305\u0307\u0308\u20d7"))
    return all(ch in _SUBSCRIPT_CHARACTERS for ch in rest[marks:])


def _unwrap(node: Node) -> Node:
    while isinstance(node, Row) and len(node.items) == 1:
        node = node.items[0]
    return node


def _is_token(node: Node) -> bool:
    """One operand that reads as a unit: a symbol, a scripted symbol, a bracket, a root, ..."""
    node = _unwrap(node)
    if isinstance(node, Atom):
        return node.kind in ("ord", "text")
    return isinstance(node, Scripts | Accent | Delimited | Matrix | Sqrt)


def _plain_numerator(node: Node, text: str) -> bool:
    """Whether a numerator can stand before '/' without parentheses.

    A product of operands can: "2e/(1 + e)" is (2e)/(1 + e) whichever way it is read. A sum, a
    function or anything with its own spaces or slashes cannot: "(a + b)/c".
    """
    node = _unwrap(node)
    if _is_token(node) or _UNSIGNED_NUMBER.match(text):
        return True
    if isinstance(node, Row):
        return all(_is_token(item) for item in node.items) and not any(ch in text for ch in " /")
    return False


def _plain_denominator(node: Node, text: str) -> bool:
    """Whether a denominator can stand after '/' without parentheses.

    Only a single operand can: "1/2N" reads as (1/2)N, so it is written "1/(2N)". The one
    exception is a differential, ∂w or dx, which reads as a unit: "∂L/∂wⱼ", "dy/dx".
    """
    node = _unwrap(node)
    if _is_token(node) or _UNSIGNED_NUMBER.match(text):
        return True
    return (
        isinstance(node, Row)
        and len(node.items) == 2
        and _is_differential(node.items[0])
        and _is_token(node.items[1])
    )


def _is_differential(node: Node) -> bool:
    """∂, d, or one of them with a superscript (∂² in ∂²L/∂w²)."""
    node = _unwrap(node)
    if isinstance(node, Scripts) and node.sub is None:
        node = _unwrap(node.base)
    return isinstance(node, Atom) and node.text in ("∂", "d")
