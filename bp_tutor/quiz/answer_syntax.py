"""The grammar of the answer language and the parser that builds its syntax tree.

    answer     := bracket END | list END
    list       := expression ("," expression)*           a bare comma list is a vector
    bracket    := "[" row (";" row)* "]"                  rows of equal length; one row = vector
                | "[" "[" row "]" ([,;] "[" row "]")* "]" NumPy-style nested rows = matrix
    row        := expression ("," expression)*
    expression := term (("+" | "-") term)*
    term       := signed (("*" | "/") signed)*
    signed     := ("+" | "-")* power                      so -2^2 is -(2^2) = -4
    power      := primary ("^" ("+" | "-")* primary)*     right-associative: 2^3^2 = 2^9
    primary    := NUMBER | NAME | NAME "(" expression ("," expression)* ")" | "(" expression ")"

Chains of the same precedence are kept as flat lists, and runs of signs are collapsed, so neither
parsing nor evaluation recurses deeper than the bracket nesting (itself bounded by MAX_NESTING):
`1+1+...+1` or `2^2^...^2` of any length cannot exhaust Python's stack.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from bp_tutor.quiz.answer_errors import AnswerSyntaxError
from bp_tutor.quiz.answer_functions import (
    CONSTANTS,
    FUNCTIONS,
    AnswerFunction,
    lookup_constant,
    lookup_function,
)
from bp_tutor.quiz.answer_lexer import Token, tokenize

MAX_NESTING = 50
"""Most brackets, parentheses and function calls that may be open at once."""

MAX_ELEMENTS = 1000
"""Most values in one vector or matrix."""


@dataclass(frozen=True, slots=True)
class Number:
    """A literal, already converted to float (it may be inf; the evaluator refuses that)."""

    value: float
    text: str
    pos: int


@dataclass(frozen=True, slots=True)
class Constant:
    """A named number such as e or pi."""

    value: float
    pos: int


@dataclass(frozen=True, slots=True)
class Variable:
    """A name the caller supplies a value for (lesson checks use these)."""

    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Call:
    """`name(args...)`; `name` is the spelling typed, used in messages."""

    function: AnswerFunction
    name: str
    args: tuple[Expr, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Signed:
    """A run of unary signs before an operand, collapsed: `negate` when the number of '-' is odd."""

    negate: bool
    operand: Expr
    pos: int


@dataclass(frozen=True, slots=True)
class Link:
    """One `op operand` step of a left-to-right chain such as `a - b * c`."""

    op: str
    pos: int
    operand: Expr


@dataclass(frozen=True, slots=True)
class Chain:
    """`first op₁ x₁ op₂ x₂ ...` evaluated left to right (all ops of one precedence level)."""

    first: Expr
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class PowerLink:
    """One `^ signs operand` step of a power tower; the signs apply to everything to its right."""

    pos: int
    negate: bool
    operand: Expr


@dataclass(frozen=True, slots=True)
class Power:
    """`base ^ s₁x₁ ^ s₂x₂ ...` = base^(s₁(x₁^(s₂(x₂^...)))), folded from the right."""

    base: Expr
    links: tuple[PowerLink, ...]


Expr = Number | Constant | Variable | Call | Signed | Chain | Power

AnswerKind = Literal["scalar", "vector", "matrix"]


@dataclass(frozen=True, slots=True)
class ParsedAnswer:
    """The shape of the answer and its element expressions, row by row."""

    kind: AnswerKind
    rows: tuple[tuple[Expr, ...], ...]


_OTHER_LOGARITHMS = frozenset({"log10", "log2", "lg", "lb", "log_10", "log_2"})


def _error(message: str, message_zh: str, pos: int, code: str = "syntax") -> AnswerSyntaxError:
    return AnswerSyntaxError(message, message_zh, pos, code)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _suggestion(name: str, variables: Collection[str]) -> str | None:
    """The closest known name to a misspelt one, if any is close."""
    candidates = [*FUNCTIONS, *CONSTANTS, *variables]
    folded = name.lower() if name.isascii() else name
    matches = difflib.get_close_matches(folded, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


class _Parser:
    def __init__(self, tokens: list[Token], original: str, variables: Collection[str]) -> None:
        self.tokens = tokens
        self.original = original
        self.variables = variables
        self.index = 0
        self.depth = 0

    # -- token helpers -------------------------------------------------------------------------

    def peek(self) -> Token:
        return self.tokens[self.index]

    def previous(self) -> Token | None:
        return self.tokens[self.index - 1] if self.index > 0 else None

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at_op(self, *ops: str) -> bool:
        token = self.peek()
        return token.kind == "op" and token.text in ops

    def typed(self, token: Token) -> str:
        """The token as the student typed it."""
        return self.original[token.pos : token.end]

    def enter(self, opening: Token) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise _error(
                f"too many brackets inside each other (at most {MAX_NESTING})",
                f"括号嵌套太深（最多 {MAX_NESTING} 层）",
                opening.pos,
                "too_deep",
            )

    def leave(self) -> None:
        self.depth -= 1

    # -- the answer ----------------------------------------------------------------------------

    def parse_answer(self) -> ParsedAnswer:
        if self.peek().kind == "end":
            raise _error("type an answer", "请输入答案", 0, "empty")
        if self.at_op("["):
            kind, rows = self.bracket()
            self.expect_end(after_value=True)
            return ParsedAnswer(kind, rows)
        items = [self.expression()]
        while self.at_op(","):
            comma = self.advance()
            self.refuse_missing_value(comma)
            items.append(self.expression())
            self.check_count(len(items), comma)
        self.expect_end(after_value=True)
        if len(items) == 1:
            return ParsedAnswer("scalar", ((items[0],),))
        return ParsedAnswer("vector", (tuple(items),))

    def parse_scalar(self) -> Expr:
        if self.peek().kind == "end":
            raise _error("type an answer", "请输入答案", 0, "empty")
        if self.at_op("["):
            raise _error(
                "expected a single number here, not a vector or matrix",
                "这里需要一个数，而不是向量或矩阵",
                self.peek().pos,
                "not_scalar",
            )
        expr = self.expression()
        if self.at_op(","):
            raise _error(
                "expected a single number here, not a list",
                "这里需要一个数，而不是一串数",
                self.peek().pos,
                "not_scalar",
            )
        self.expect_end(after_value=True)
        return expr

    def expect_end(self, after_value: bool) -> None:
        token = self.peek()
        if token.kind == "end":
            return
        if token.kind == "op" and token.text == ")":
            raise _error(
                "unexpected ')': there is no '(' for it to close",
                "多余的 ')'：前面没有对应的 '('",
                token.pos,
                "unbalanced",
            )
        if token.kind == "op" and token.text == "]":
            raise _error(
                "unexpected ']': there is no '[' for it to close",
                "多余的 ']'：前面没有对应的 '['",
                token.pos,
                "unbalanced",
            )
        if after_value and token.kind == "op" and token.text in "+-*/^":
            raise _error(
                "a vector or matrix cannot be part of a calculation; type the value of each entry",
                "向量或矩阵不能参与运算；请写出每个元素的值",
                token.pos,
                "array_arithmetic",
            )
        raise _error(
            f"unexpected '{self.typed(token)}'",
            f"多余的 '{self.typed(token)}'",
            token.pos,
        )

    def check_count(self, count: int, token: Token) -> None:
        if count > MAX_ELEMENTS:
            raise _error(
                f"too many values (at most {MAX_ELEMENTS})",
                f"数值太多（最多 {MAX_ELEMENTS} 个）",
                token.pos,
                "too_many_values",
            )

    def refuse_missing_value(self, separator: Token) -> None:
        """After ',' or ';' a value must follow."""
        token = self.peek()
        if token.kind == "end" or (token.kind == "op" and token.text in ",;])"):
            sep = self.typed(separator)
            raise _error(
                f"expected a value after '{sep}'",
                f"'{sep}' 后面缺少数值",
                token.pos,
                "missing_value",
            )

    # -- vectors and matrices ------------------------------------------------------------------

    def bracket(self) -> tuple[AnswerKind, tuple[tuple[Expr, ...], ...]]:
        opening = self.advance()
        self.enter(opening)
        if self.at_op("]"):
            raise _error(
                "empty brackets; put the values inside, e.g. [0.2, -0.7]",
                "方括号里是空的；请填入数值，例如 [0.2, -0.7]",
                self.peek().pos,
                "empty_brackets",
            )
        if self.at_op("["):
            rows, starts = self.nested_rows(opening)
            kind: AnswerKind = "matrix"
        else:
            rows, starts = self.semicolon_rows(opening)
            kind = "vector" if len(rows) == 1 else "matrix"
        self.leave()
        width = len(rows[0])
        for number, (row, start) in enumerate(zip(rows, starts, strict=True), start=1):
            if len(row) != width:
                raise _error(
                    f"row {number} has {_plural(len(row), 'value')}; row 1 has {width}",
                    f"第 {number} 行有 {len(row)} 个数；第 1 行有 {width} 个",
                    start,
                    "ragged_rows",
                )
        return kind, tuple(tuple(row) for row in rows)

    def semicolon_rows(self, opening: Token) -> tuple[list[list[Expr]], list[int]]:
        """`[a, b; c, d]`: rows separated by ';', ending at the ']'."""
        rows: list[list[Expr]] = [[]]
        starts = [self.peek().pos]
        count = 0
        while True:
            rows[-1].append(self.expression())
            count += 1
            self.check_count(count, self.previous() or opening)
            token = self.peek()
            if token.kind == "op" and token.text in ",;":
                self.advance()
                self.refuse_missing_value(token)
                if token.text == ";":
                    rows.append([])
                    starts.append(self.peek().pos)
            elif token.kind == "op" and token.text == "]":
                self.advance()
                return rows, starts
            else:
                raise self.unclosed(opening, token, "]")

    def nested_rows(self, opening: Token) -> tuple[list[list[Expr]], list[int]]:
        """`[[a, b], [c, d]]`: NumPy-style rows, each in its own brackets."""
        rows: list[list[Expr]] = []
        starts: list[int] = []
        count = 0
        while True:
            row_open = self.peek()
            if not self.at_op("["):
                raise _error(
                    "expected '[' to start the next row",
                    "这里应以 '[' 开始下一行",
                    row_open.pos,
                    "syntax",
                )
            self.advance()
            self.enter(row_open)
            starts.append(row_open.pos)
            row: list[Expr] = []
            while True:
                if self.at_op("["):
                    raise _error(
                        "too many '[': an answer is a number, a vector or a matrix",
                        "'[' 太多：答案只能是数、向量或矩阵",
                        self.peek().pos,
                        "too_deep",
                    )
                row.append(self.expression())
                count += 1
                self.check_count(count, self.previous() or row_open)
                token = self.peek()
                if self.at_op(","):
                    self.advance()
                    self.refuse_missing_value(token)
                elif self.at_op("]"):
                    self.advance()
                    break
                else:
                    raise self.unclosed(row_open, token, "]")
            self.leave()
            rows.append(row)
            token = self.peek()
            if token.kind == "op" and token.text in ",;":
                self.advance()
                self.refuse_missing_value(token)
            elif token.kind == "op" and token.text == "]":
                self.advance()
                return rows, starts
            else:
                raise self.unclosed(opening, token, "]")

    def unclosed(self, opening: Token, found: Token, closer: str) -> AnswerSyntaxError:
        opener = self.typed(opening)
        if found.kind == "end":
            return _error(
                f"missing '{closer}' to close the '{opener}' opened here",
                f"缺少 '{closer}'，与这里的 '{opener}' 配对",
                opening.pos,
                "unbalanced",
            )
        if closer == "]":
            expected, expected_zh = "',', ';' or ']'", "',', ';' 或 ']'"
        else:
            expected, expected_zh = "',' or ')'", "',' 或 ')'"
        return _error(
            f"unexpected '{self.typed(found)}'; expected {expected}",
            f"这里不应出现 '{self.typed(found)}'；应为 {expected_zh}",
            found.pos,
            "unbalanced" if found.kind == "op" and found.text in ")]" else "syntax",
        )

    # -- expressions ---------------------------------------------------------------------------

    def expression(self) -> Expr:
        first = self.term()
        links: list[Link] = []
        while self.at_op("+", "-"):
            op = self.advance()
            links.append(Link(op.text, op.pos, self.term()))
        return Chain(first, tuple(links)) if links else first

    def term(self) -> Expr:
        first = self.signed()
        links: list[Link] = []
        while self.at_op("*", "/"):
            op = self.advance()
            links.append(Link(op.text, op.pos, self.signed()))
        return Chain(first, tuple(links)) if links else first

    def signs(self) -> tuple[bool, int] | None:
        """Consume a run of unary signs: (negate, position of the first), or None if none."""
        if not self.at_op("+", "-"):
            return None
        pos = self.peek().pos
        negate = False
        while self.at_op("+", "-"):
            negate ^= self.advance().text == "-"
        return negate, pos

    def signed(self) -> Expr:
        signs = self.signs()
        operand = self.power()
        if signs is None:
            return operand
        return Signed(signs[0], operand, signs[1])

    def power(self) -> Expr:
        base = self.primary()
        links: list[PowerLink] = []
        while self.at_op("^"):
            op = self.advance()
            signs = self.signs()
            links.append(PowerLink(op.pos, bool(signs and signs[0]), self.primary()))
        return Power(base, tuple(links)) if links else base

    def primary(self) -> Expr:
        token = self.peek()
        if token.kind == "number":
            self.advance()
            node: Expr = Number(float(token.text), self.typed(token), token.pos)
        elif token.kind == "name":
            node = self.name()
        elif token.kind == "op" and token.text == "(":
            node = self.parenthesised()
        else:
            raise self.missing_value(token)
        self.refuse_juxtaposition()
        return node

    def missing_value(self, token: Token) -> AnswerSyntaxError:
        before = self.previous()
        if token.kind == "op" and token.text == "[":
            return _error(
                "'[' starts a vector, which must be the whole answer; use ( ) to group",
                "'[' 表示向量，只能作为整个答案；分组请用 ( )",
                token.pos,
                "array_arithmetic",
            )
        if token.kind == "end":
            if before is not None:
                shown = self.typed(before)
                return _error(
                    f"the answer stops too early: expected a value after '{shown}'",
                    f"答案不完整：'{shown}' 后面缺少数值",
                    token.pos,
                    "missing_value",
                )
            return _error("type an answer", "请输入答案", 0, "empty")
        shown = self.typed(token)
        if (
            token.kind == "op"
            and token.text in ")]"
            and before is not None
            and before.kind == "op"
            and before.text in "(["
        ):
            return _error(
                f"expected a value before '{shown}'",
                f"'{shown}' 前面缺少数值",
                token.pos,
                "missing_value",
            )
        if token.kind == "op" and token.text in ")]" and self.depth == 0:
            return _error(
                f"unexpected '{shown}': there is nothing open for it to close",
                f"多余的 '{shown}'：前面没有对应的括号",
                token.pos,
                "unbalanced",
            )
        return _error(
            f"expected a value before '{shown}'",
            f"'{shown}' 前面缺少数值",
            token.pos,
            "missing_value",
        )

    def refuse_juxtaposition(self) -> None:
        """Two values side by side: the student meant '*' (2x, 2(x), (a)(b)) or forgot a ','."""
        left = self.previous()
        right = self.peek()
        starts_value = right.kind in ("number", "name") or (
            right.kind == "op" and right.text == "("
        )
        if left is None or not starts_value:
            return
        left_text = self.typed(left) if left.kind in ("number", "name") else "(…)"
        right_text = self.typed(right) if right.kind in ("number", "name") else "(…)"
        if left.kind == "number" and right.kind == "number" and left.end == right.pos:
            # The lexer splits `1.2.3` into `1.2` and `.3`.
            raise _error(
                "a number has at most one decimal point",
                "一个数只能有一个小数点",
                right.pos,
                "syntax",
            )
        if left.kind == "number" and right.kind == "number":
            raise _error(
                f"missing operator or ',' between {left_text} and {right_text}",
                f"{left_text} 和 {right_text} 之间缺少运算符或 ','",
                right.pos,
                "missing_operator",
            )
        raise _error(
            f"missing '*': write {left_text}*{right_text}, not {left_text}{right_text}",
            f"缺少 '*'：请写 {left_text}*{right_text}，而不是 {left_text}{right_text}",
            right.pos,
            "implicit_multiplication",
        )

    def parenthesised(self) -> Expr:
        opening = self.advance()
        self.enter(opening)
        inner = self.expression()
        token = self.peek()
        if token.kind == "op" and token.text == ",":
            raise _error(
                "( ) holds one value; for a vector use brackets: [0.2, -0.7]",
                "( ) 里只能有一个值；向量请用方括号：[0.2, -0.7]",
                token.pos,
                "syntax",
            )
        if not self.at_op(")"):
            raise self.unclosed(opening, token, ")")
        self.advance()
        self.leave()
        return inner

    def name(self) -> Expr:
        token = self.advance()
        name = self.typed(token)
        calls = self.at_op("(")
        if token.text in self.variables and not calls:
            return Variable(token.text, token.pos)
        function = lookup_function(token.text)
        if function is not None:
            if not calls:
                raise _error(
                    f"{name} needs its argument in parentheses: {function.usage}",
                    f"{name} 的参数要写在括号里：{function.usage}",
                    token.end,
                    "missing_parenthesis",
                )
            return self.call(token, function)
        constant = lookup_constant(token.text)
        if constant is not None or token.text in self.variables:
            if calls:
                raise _error(
                    f"{name} is a number, not a function: write {name}*(…), not {name}(…)",
                    f"{name} 是一个数，不是函数：请写 {name}*(…)，而不是 {name}(…)",
                    self.peek().pos,
                    "implicit_multiplication",
                )
            assert constant is not None
            return Constant(constant, token.pos)
        raise self.unknown_name(token, calls)

    def unknown_name(self, token: Token, calls: bool) -> AnswerSyntaxError:
        name = self.typed(token)
        if token.text.lower() in _OTHER_LOGARITHMS:
            return _error(
                f"unknown name '{name}'; only the natural logarithm ln (also log) is"
                " available: a base-b logarithm is ln(x)/ln(b)",
                f"未知的名称 '{name}'；只有自然对数 ln（也可写 log）："
                "以 b 为底的对数是 ln(x)/ln(b)",
                token.pos,
                "unknown_name",
            )
        guess = _suggestion(token.text, self.variables)
        if guess is not None:
            return _error(
                f"unknown name '{name}'; did you mean {guess}?",
                f"未知的名称 '{name}'；你是想写 {guess} 吗？",
                token.pos,
                "unknown_name",
            )
        if calls:
            known = ", ".join(sorted({f.name for f in FUNCTIONS.values()}))
            return _error(
                f"unknown name '{name}'; the functions are {known}",
                f"未知的名称 '{name}'；可用的函数有 {known}",
                token.pos,
                "unknown_name",
            )
        if self.variables:
            known = ", ".join(sorted(self.variables))
            return _error(
                f"unknown name '{name}'; the names here are {known}, e and pi",
                f"未知的名称 '{name}'；这里可用的名称有 {known}、e 和 pi",
                token.pos,
                "unknown_name",
            )
        return _error(
            f"unknown name '{name}'; the answer is a number: work out its value",
            f"未知的名称 '{name}'；答案应是一个数值，请算出结果",
            token.pos,
            "unknown_name",
        )

    def call(self, name_token: Token, function: AnswerFunction) -> Call:
        opening = self.advance()
        self.enter(opening)
        name = self.typed(name_token)
        if self.at_op(")"):
            raise _error(
                f"{name} needs a value inside the parentheses: {function.usage}",
                f"{name} 的括号里需要一个值：{function.usage}",
                self.peek().pos,
                "missing_value",
            )
        args = [self.expression()]
        while self.at_op(","):
            comma = self.advance()
            self.refuse_missing_value(comma)
            if len(args) >= function.max_args:
                raise _error(
                    f"{name} takes {function.arity_text()}: {function.usage}",
                    f"{name} 需要 {function.arity_text_zh()}：{function.usage}",
                    comma.pos,
                    "wrong_arity",
                )
            args.append(self.expression())
        token = self.peek()
        if not self.at_op(")"):
            raise self.unclosed(opening, token, ")")
        self.advance()
        self.leave()
        if len(args) < function.min_args:
            raise _error(
                f"{name} takes {function.arity_text()}: {function.usage}",
                f"{name} 需要 {function.arity_text_zh()}：{function.usage}",
                name_token.pos,
                "wrong_arity",
            )
        return Call(function, name, tuple(args), name_token.pos)


def parse(text: str, variables: Collection[str] = ()) -> ParsedAnswer:
    """The syntax tree of a whole answer (number, vector or matrix). Raises AnswerSyntaxError."""
    return _Parser(tokenize(text), text, variables).parse_answer()


def parse_scalar(text: str, variables: Collection[str] = ()) -> Expr:
    """The syntax tree of a single-number expression. Raises AnswerSyntaxError."""
    return _Parser(tokenize(text), text, variables).parse_scalar()
