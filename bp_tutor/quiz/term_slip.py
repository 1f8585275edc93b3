"""One product of a sum taken with the wrong sign.

Most entries a student computes by hand are sums of products: zⱼ = Σₖ xₖwₖⱼ + bⱼ, an entry of
∂L/∂W = Σₙ xₙᵢδₙⱼ, of δWᵀ. Multiplying two negatives to a negative, or dropping one minus sign
among several, changes exactly one term t of the sum into −t: the entry comes out as right − 2t.
Finding that t tells the student which product to look at again, not just which entry.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from bp_tutor.quiz.gen_common import num, paren
from bp_tutor.quiz.model import SumOfProducts

Factors = tuple[float, ...]  # one term of a sum, as the product of these numbers


def find_term_slip(typed: float, right: float, entry: SumOfProducts,
                   close: Callable[[float, float], bool]) -> Factors | None:
    """The factors of the first term of `entry` (whose value is `right`) whose sign, flipped,
    turns `right` into `typed`. A term too small for its flip to leave the tolerance is skipped:
    such a slip cannot be told from a right answer."""
    for factors in entry.terms:
        slipped = right - 2 * entry.scale * math.prod(factors)
        if not close(slipped, right) and close(typed, slipped):
            return factors
    return None


def slip_sentence(factors: Factors, lang: str, where: str = "") -> str:
    """"Row 1 column 2: the term (−0.5)·(−0.2) = 0.1 went in as −0.1." (`where` is optional;
    a term that is one number reads "the term 0.1 went in as −0.1")."""
    product = math.prod(factors)
    written = paren(factors[0]) if len(factors) == 1 else (
        "·".join(paren(f) for f in factors) + f" = {num(product)}")
    if lang == "zh":
        return (f"{where}：" if where else "") + f"其中一项 {written} 被当成了 {num(-product)}。"
    clause = (f"{where}: " if where else "") + f"the term {written} went in as {num(-product)}."
    return clause[:1].upper() + clause[1:]
