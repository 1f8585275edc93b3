"""Turning a typed answer into tokens: normalisation of what input methods produce, then scanning.

Normalisation replaces characters one for one (never changing the length), so a token's position
in the normalised text is also its position in the text the student typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bp_tutor.quiz.answer_errors import AnswerSyntaxError

MAX_ANSWER_LENGTH = 2000
"""Longer input is refused before it is scanned: nothing a student computes by hand is this long."""

# Full-width ASCII forms (U+FF01..U+FF5E) sit at a fixed offset from ASCII; Chinese input methods
# produce them for digits, letters and punctuation when full-width mode is on.
_FULLWIDTH_FIRST = 0xFF01
_FULLWIDTH_LAST = 0xFF5E
_FULLWIDTH_OFFSET = 0xFEE0

_REPLACEMENTS = {
    "\u3000": " ",  # ideographic space
    "\u2212": "-",  # minus sign
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2013": "-",  # en dash, what word processors turn '-' into
    "\ufe63": "-",  # small hyphen-minus
    "×": "*",
    "·": "*",  # middle dot, also what a Chinese IME gives for the backtick key
    "⋅": "*",  # dot operator
    "∗": "*",  # asterisk operator
    "÷": "/",
    "。": ".",  # ideographic full stop: the '.' key with a Chinese IME on
    "【": "[",  # the '[' and ']' keys with a Chinese IME on
    "】": "]",
    "〔": "(",
    "〕": ")",
}

# A Chinese IME types '……' for Shift+6, the key that is '^' in English mode.
_IME_CARET = "……"

_DIGITS = frozenset("0123456789")
_OPERATORS = frozenset("+-*/^()[],;")
_SUPERSCRIPTS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")

TokenKind = Literal["number", "name", "op", "end"]


@dataclass(frozen=True, slots=True)
class Token:
    """One token: `text` normalised (`**` and `……` read `^`); `pos`/`end` index the original."""

    kind: TokenKind
    text: str
    pos: int
    end: int


def normalise(text: str) -> str:
    """Map full-width forms and look-alike symbols to ASCII, one character for one."""
    out = []
    for ch in text:
        code = ord(ch)
        if _FULLWIDTH_FIRST <= code <= _FULLWIDTH_LAST:
            out.append(chr(code - _FULLWIDTH_OFFSET))
        else:
            out.append(_REPLACEMENTS.get(ch, ch))
    return "".join(out)


def _is_name_start(ch: str) -> bool:
    # ASCII letters and Greek (π, σ, and Greek variable names in lesson checks); other scripts are
    # reported as unexpected characters rather than as unknown names.
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ch == "_" or "\u0370" <= ch <= "\u03ff"


def _is_name_char(ch: str) -> bool:
    return _is_name_start(ch) or ch in _DIGITS


def _shown(ch: str) -> str:
    return f"'{ch}'" if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}"


def _unexpected_character(ch: str, typed: str, pos: int) -> AnswerSyntaxError:
    """The error for character `typed` (normalised: `ch`) at `pos`, with a hint where one helps."""
    shown = _shown(typed)
    if ch == "=":
        return AnswerSyntaxError(
            "unexpected '='; type only the value, not an equation",
            "不需要 '='，只输入数值即可",
            pos,
            "unexpected_character",
        )
    if ch in _SUPERSCRIPTS:
        return AnswerSyntaxError(
            f"unexpected {shown}; write a power with ^, e.g. x^2",
            f"无法识别的字符 {shown}；乘方请用 ^，例如 x^2",
            pos,
            "unexpected_character",
        )
    if ch == "!":
        return AnswerSyntaxError(
            "unexpected '!'; factorials are not part of an answer",
            "无法识别的字符 '!'；答案中不能使用阶乘",
            pos,
            "unexpected_character",
        )
    if ch == "%":
        return AnswerSyntaxError(
            "unexpected '%'; write a percentage as a number, e.g. 0.25 rather than 25%",
            "无法识别的字符 '%'；百分数请写成小数，例如 0.25 而不是 25%",
            pos,
            "unexpected_character",
        )
    if ch in "\\{}":
        return AnswerSyntaxError(
            f"unexpected {shown}; no LaTeX needed: write sqrt(x) and ( ) for grouping",
            f"无法识别的字符 {shown}；不需要 LaTeX，请写 sqrt(x)，用 ( ) 分组",
            pos,
            "unexpected_character",
        )
    if ch == ".":
        return AnswerSyntaxError(
            "unexpected '.'; a decimal number needs a digit next to the point, e.g. 0.5 or .5",
            "无法识别的 '.'；小数点旁边要有数字，例如 0.5 或 .5",
            pos,
            "unexpected_character",
        )
    return AnswerSyntaxError(
        f"unexpected character {shown}; an answer uses numbers, + - * / ^, ( ) and [ , ; ]",
        f"无法识别的字符 {shown}；答案只能包含数字、+ - * / ^、( ) 和 [ , ; ]",
        pos,
        "unexpected_character",
    )


def _scan_number(text: str, start: int) -> int:
    """End of the number starting at `start`: digits, an optional point, an optional exponent.

    An `e` not followed by digits is left alone, so `2e` reads as the number 2 then the name `e`
    (which the parser reports as a missing '*').
    """
    n = len(text)
    i = start
    while i < n and text[i] in _DIGITS:
        i += 1
    if i < n and text[i] == ".":
        i += 1
        while i < n and text[i] in _DIGITS:
            i += 1
    if i < n and text[i] in "eE":
        j = i + 1
        if j < n and text[j] in "+-":
            j += 1
        if j < n and text[j] in _DIGITS:
            while j < n and text[j] in _DIGITS:
                j += 1
            i = j
    return i


def tokenize(original: str) -> list[Token]:
    """The tokens of `original`, ending with an "end" token at len(original).

    Raises AnswerSyntaxError for input that is too long or holds a character outside the language.
    """
    if len(original) > MAX_ANSWER_LENGTH:
        raise AnswerSyntaxError(
            f"the answer is too long ({len(original)} characters; at most {MAX_ANSWER_LENGTH})",
            f"答案太长（{len(original)} 个字符；最多 {MAX_ANSWER_LENGTH} 个）",
            MAX_ANSWER_LENGTH,
            "too_long",
        )
    text = normalise(original)
    tokens: list[Token] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in _DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _DIGITS):
            end = _scan_number(text, i)
            tokens.append(Token("number", text[i:end], i, end))
            i = end
        elif _is_name_start(ch):
            end = i + 1
            while end < n and _is_name_char(text[end]):
                end += 1
            tokens.append(Token("name", text[i:end], i, end))
            i = end
        elif text.startswith("**", i) or text.startswith(_IME_CARET, i):
            tokens.append(Token("op", "^", i, i + 2))
            i += 2
        elif ch in _OPERATORS:
            tokens.append(Token("op", ch, i, i + 1))
            i += 1
        else:
            raise _unexpected_character(ch, original[i], i)
    tokens.append(Token("end", "", n, n))
    return tokens
