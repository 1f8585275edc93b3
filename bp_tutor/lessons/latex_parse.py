"""LaTeX math source -> a small syntax tree (tokens, nodes, parser).

The layout of that tree on the terminal is in `latex_layout.py`; `latex.render_math` joins the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bp_tutor.lessons import latex_symbols as sym


class LatexError(ValueError):
    """Math the renderer cannot show; `position` is the index in the source where it went wrong."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


# ---------------------------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True)
class Token:
    kind: str  # "cmd", "char", "space", "{", "}", "^", "_", "&", "newline"
    text: str
    pos: int


def tokenize(src: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            if i + 1 >= len(src):
                raise LatexError("a lone '\\' ends the math", i)
            nxt = src[i + 1]
            if nxt.isascii() and nxt.isalpha():
                j = i + 1
                while j < len(src) and src[j].isascii() and src[j].isalpha():
                    j += 1
                tokens.append(Token("cmd", src[i + 1 : j], i))
                i = j
                continue
            if nxt == "\\":
                tokens.append(Token("newline", "\\\\", i))
            else:
                tokens.append(Token("cmd", nxt, i))
            i += 2
            continue
        if ch.isspace():
            tokens.append(Token("space", " ", i))
        elif ch in "{}^_&":
            tokens.append(Token(ch, ch, i))
        else:
            tokens.append(Token("char", ch, i))
        i += 1
    return tokens


# ---------------------------------------------------------------------------------------------
# Syntax tree


@dataclass
class Atom:
    text: str
    kind: str = "ord"  # ord, bin, rel, open, close, punct, func, space


@dataclass
class Row:
    items: list[Node] = field(default_factory=list)


@dataclass
class Scripts:
    base: Node
    sub: Node | None = None
    sup: Node | None = None


@dataclass
class Frac:
    num: Node
    den: Node


@dataclass
class Sqrt:
    body: Node
    index: Node | None = None


@dataclass
class Delimited:
    left: str
    body: Row
    right: str


@dataclass
class Matrix:
    env: str
    rows: list[list[Row]]


@dataclass
class Accent:
    body: Node
    mark: str


@dataclass
class BigOp:
    symbol: str
    sub: Node | None = None
    sup: Node | None = None


Node = Atom | Row | Scripts | Frac | Sqrt | Delimited | Matrix | Accent | BigOp

_CHAR_KINDS: dict[str, tuple[str, str]] = {
    "+": ("+", "bin"),
    "-": ("−", "bin"),
    "*": ("∗", "bin"),
    "=": ("=", "rel"),
    "<": ("<", "rel"),
    ">": (">", "rel"),
    "(": ("(", "open"),
    "[": ("[", "open"),
    ")": (")", "close"),
    "]": ("]", "close"),
    ",": (",", "punct"),
    ";": (";", "punct"),
    "~": (" ", "space"),
}

_MATRIX_ENVS = {*sym.MATRIX_DELIMITERS, "aligned", "cases"}


class Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.tokens = tokenize(src)
        self.i = 0

    # -- helpers
    def peek(self, skip_space: bool = True) -> Token | None:
        j = self.i
        while skip_space and j < len(self.tokens) and self.tokens[j].kind == "space":
            j += 1
        return self.tokens[j] if j < len(self.tokens) else None

    def next(self, skip_space: bool = True) -> Token | None:
        if skip_space:
            while self.i < len(self.tokens) and self.tokens[self.i].kind == "space":
                self.i += 1
        if self.i >= len(self.tokens):
            return None
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def end_pos(self) -> int:
        return len(self.src)

    # -- grammar
    def parse(self) -> Row:
        row, stop = self.parse_row(frozenset())
        if stop is not None:
            raise LatexError(_stray_message(stop), stop.pos)
        return row

    def parse_row(self, stops: frozenset[str]) -> tuple[Row, Token | None]:
        """Items up to the end or a stop token ("}", "&", "newline", "right", "end")."""
        row = Row()
        while True:
            tok = self.next()
            if tok is None:
                return row, None
            key = tok.text if tok.kind == "cmd" and tok.text in ("right", "end") else tok.kind
            if key in ("}", "&", "newline", "right", "end"):
                if key in stops:
                    return row, tok
                raise LatexError(_stray_message(tok), tok.pos)
            if tok.kind in ("^", "_"):
                self.attach_script(row, tok)
                continue
            if tok.kind == "char" and tok.text == "'":
                self.attach_prime(row, tok)
                continue
            node = self.parse_token(tok)
            if node is not None:
                row.items.append(node)

    def parse_token(self, tok: Token) -> Node | None:
        if tok.kind == "{":
            return self.parse_group(tok)
        if tok.kind == "char":
            text, kind = _CHAR_KINDS.get(tok.text, (tok.text, "ord"))
            return Atom(text, kind)
        if tok.kind == "cmd":
            return self.parse_command(tok)
        raise LatexError(_stray_message(tok), tok.pos)

    def parse_group(self, open_tok: Token) -> Row:
        row, stop = self.parse_row(frozenset({"}"}))
        if stop is None:
            raise LatexError("'{' is never closed", open_tok.pos)
        return row

    def parse_argument(self, owner: Token, what: str) -> Node:
        tok = self.next()
        if tok is None or tok.kind in ("}", "&", "newline", "^", "_"):
            pos = tok.pos if tok is not None else self.end_pos()
            raise LatexError(f"{_show(owner)} needs {what}", pos)
        node = self.parse_token(tok)
        return node if node is not None else Row()

    def raw_text_argument(self, owner: Token) -> str:
        """The argument of \\text{...}: characters as written, spaces kept."""
        tok = self.next()
        if tok is None or tok.kind != "{":
            raise LatexError(f"{_show(owner)} needs a {{...}} argument", tok.pos if tok else self.end_pos())
        depth = 1
        parts: list[str] = []
        while True:
            t = self.next(skip_space=False)
            if t is None:
                raise LatexError("'{' is never closed", tok.pos)
            if t.kind == "{":
                depth += 1
            elif t.kind == "}":
                depth -= 1
                if depth == 0:
                    return "".join(parts)
            elif t.kind == "cmd":
                if t.text in sym.SPACES:
                    parts.append(" " * sym.SPACES[t.text])
                elif t.text in sym.ORDINARY and len(t.text) == 1:
                    parts.append(sym.ORDINARY[t.text])
                else:
                    raise LatexError(f"{_show(t)} cannot be used inside {_show(owner)}", t.pos)
            else:
                parts.append(t.text)

    def attach_script(self, row: Row, tok: Token) -> None:
        arg = self.parse_argument(tok, "something to attach (e.g. x^{2})")
        base: Node = row.items.pop() if row.items else Atom("")
        if isinstance(base, BigOp):
            target: Scripts | BigOp = base
        elif isinstance(base, Scripts):
            target = base
        else:
            target = Scripts(base)
        if tok.kind == "^":
            if target.sup is not None and not _is_primes(target.sup):
                raise LatexError("double superscript: group them as x^{ab}", tok.pos)
            target.sup = arg if target.sup is None else Row([target.sup, arg])
        else:
            if target.sub is not None:
                raise LatexError("double subscript: group them as x_{ab}", tok.pos)
            target.sub = arg
        row.items.append(target)

    def attach_prime(self, row: Row, tok: Token) -> None:
        base: Node = row.items.pop() if row.items else Atom("")
        target = base if isinstance(base, Scripts) else Scripts(base)
        prime = Atom("′")
        target.sup = prime if target.sup is None else Row([target.sup, prime])
        row.items.append(target)

    def parse_command(self, tok: Token) -> Node | None:
        name = tok.text
        if name in sym.GREEK:
            return Atom(sym.GREEK[name])
        if name in sym.ORDINARY:
            return Atom(sym.ORDINARY[name])
        if name in sym.BINARY:
            return Atom(sym.BINARY[name], "bin")
        if name in sym.RELATION:
            return Atom(sym.RELATION[name], "rel")
        if name in sym.FUNCTIONS:
            return Atom(name, "func")
        if name in sym.BIG_OPERATORS:
            return BigOp(sym.BIG_OPERATORS[name])
        if name in sym.SPACES:
            return Atom(" " * sym.SPACES[name], "space")
        if name in sym.IGNORED:
            return None
        if name in sym.FONT_COMMANDS:
            return self.parse_argument(tok, "an argument")
        if name in sym.TEXT_COMMANDS:
            text = self.raw_text_argument(tok)
            return Atom(text, "func" if name == "operatorname" else "text")
        if name in sym.ACCENTS:
            return Accent(self.parse_argument(tok, "an argument"), sym.ACCENTS[name])
        if name == "mathbb":
            arg_tok = self.peek()
            arg = self.raw_text_argument(tok)
            if arg not in sym.BLACKBOARD:
                raise LatexError(
                    f"\\mathbb{{{arg}}} has no terminal form", arg_tok.pos if arg_tok else tok.pos
                )
            return Atom(sym.BLACKBOARD[arg])
        if name in ("frac", "dfrac", "tfrac"):
            num = self.parse_argument(tok, "a numerator and a denominator")
            den = self.parse_argument(tok, "a denominator")
            return Frac(num, den)
        if name == "sqrt":
            return self.parse_sqrt(tok)
        if name == "left":
            return self.parse_left(tok)
        if name == "begin":
            return self.parse_environment(tok)
        raise LatexError(f"unknown command {_show(tok)}", tok.pos)

    def parse_sqrt(self, tok: Token) -> Sqrt:
        index: Node | None = None
        nxt = self.peek()
        if nxt is not None and nxt.kind == "char" and nxt.text == "[":
            self.next()
            items: list[Node] = []
            while True:
                t = self.next()
                if t is None:
                    raise LatexError("'[' of \\sqrt is never closed", nxt.pos)
                if t.kind == "char" and t.text == "]":
                    break
                node = self.parse_token(t)
                if node is not None:
                    items.append(node)
            index = Row(items)
        return Sqrt(self.parse_argument(tok, "an argument"), index)

    def delimiter(self, owner: Token) -> str:
        tok = self.next()
        if tok is None:
            raise LatexError(f"{_show(owner)} needs a delimiter such as ( or [", self.end_pos())
        if tok.kind == "char" and tok.text in "()[]|./<>":
            return {".": "", "<": "⟨", ">": "⟩"}.get(tok.text, tok.text)
        if tok.kind == "cmd" and tok.text in sym.ORDINARY:
            return sym.ORDINARY[tok.text]
        raise LatexError(f"{_show(owner)} needs a delimiter such as ( or [", tok.pos)

    def parse_left(self, tok: Token) -> Delimited:
        left = self.delimiter(tok)
        body, stop = self.parse_row(frozenset({"right"}))
        if stop is None:
            raise LatexError("\\left has no matching \\right", tok.pos)
        right = self.delimiter(stop)
        return Delimited(left, body, right)

    def environment_name(self, owner: Token) -> str:
        name = self.raw_text_argument(owner).strip()
        return name

    def parse_environment(self, tok: Token) -> Matrix:
        env = self.environment_name(tok)
        if env not in _MATRIX_ENVS:
            raise LatexError(f"unknown environment '{env}'", tok.pos)
        rows: list[list[Row]] = []
        cells: list[Row] = []
        while True:
            cell, stop = self.parse_row(frozenset({"&", "newline", "end"}))
            if stop is None:
                raise LatexError(f"\\begin{{{env}}} has no matching \\end{{{env}}}", tok.pos)
            cells.append(cell)
            if stop.kind == "&":
                continue
            if stop.kind == "newline":
                rows.append(cells)
                cells = []
                continue
            end_name = self.environment_name(stop)
            if end_name != env:
                raise LatexError(f"\\begin{{{env}}} is closed by \\end{{{end_name}}}", stop.pos)
            if any(c.items for c in cells) or not rows:
                rows.append(cells)
            return Matrix(env, rows)


def _show(tok: Token) -> str:
    return "\\" + tok.text if tok.kind == "cmd" else repr(tok.text)


def _stray_message(tok: Token) -> str:
    if tok.kind == "}":
        return "'}' closes nothing"
    if tok.kind == "&":
        return "'&' is only allowed inside a matrix"
    if tok.kind == "newline":
        return "'\\\\' is only allowed inside a matrix"
    if tok.kind == "cmd" and tok.text == "right":
        return "\\right has no matching \\left"
    if tok.kind == "cmd" and tok.text == "end":
        return "\\end has no matching \\begin"
    return f"unexpected {_show(tok)}"


def _is_primes(node: Node) -> bool:
    if isinstance(node, Atom):
        return node.text == "′"
    return isinstance(node, Row) and all(_is_primes(n) for n in node.items)
