"""Line breaking that suits Chinese: a line may break between any two CJK characters.

Rich and Textual wrap text at spaces only (rich._wrap.re_word is "a run of non-spaces"). Chinese
has no spaces between words, so a paragraph mixing Chinese and inline formulas broke only at the
few spaces around the formulas, leaving lines half empty. Here each CJK character is a word of its
own (in English text too, words are split only at breakable spaces), with the usual exceptions of
Chinese typesetting: closing punctuation (，。）」 …) stays on
the line of the character before it and opening punctuation (（「“ …) on the line of the character
after it. Latin words and numbers are still never split.

Textual and Rich are pinned (pyproject.toml), and tests/ui/test_cjk_wrap.py fails if the hook
this relies on moves.
"""

from __future__ import annotations

import re

import rich._wrap

OPENING = "（「『《〈【〔“‘"
# Not the middle dot "·": in our text it is the product sign, (−1)·(−0.455), and a product must
# not break across lines (as an interpunct it would have let a line end after it).
CLOSING = "，。、；：！？）」』》〉】〕”’…"
_CJK_RANGES = (
    "\u2e80-\u2fff"  # radicals
    "\u3000-\u303f"  # CJK punctuation
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    "\uff00-\uffef"  # full-width forms
)
_ALL = _CJK_RANGES + re.escape(OPENING + CLOSING)

# Breakable space: any whitespace except the no-break space U+00A0, which the lesson renderer puts
# inside inline formulas so that "z = xW + b" never breaks across lines.
_SPACE = r"[^\S\u00a0]"
CJK_WORD = re.compile(
    rf"{_SPACE}*[{re.escape(OPENING)}]*(?:(?:[^\s{_ALL}]|\u00a0)+|[{_ALL}])"
    rf"[{re.escape(CLOSING)}]*{_SPACE}*"
)

_ORIGINAL = rich._wrap.re_word


def install() -> None:
    """Make every Rich/Textual wrap in this process break between CJK characters."""
    rich._wrap.re_word = CJK_WORD


def uninstall() -> None:
    rich._wrap.re_word = _ORIGINAL
