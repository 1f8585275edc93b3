"""The shapes a quiz is made of: a question with one or more parts, each with its reference
answer and the wrong answers that typical mistakes produce from the same numbers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating[Any]]
Verdict = Literal["right", "wrong", "partial", "invalid"]


class Redraw(Exception):
    """A draw that would make a bad question (a ReLU input on its kink, a zero gradient...)."""


@dataclass(frozen=True)
class WrongAnswer:
    """What a student who makes `misconception` (an id in MISCONCEPTIONS) would answer."""

    misconception: str
    value: Array


@dataclass(frozen=True)
class SumOfProducts:
    """An entry written as scale · Σ terms, each term the product of its factors: xW's entry is
    Σₖ xₖwₖ; δ¹ⱼ = (Σₖ δ²ₖ w²ⱼₖ) · σ′(z¹ⱼ) has the scale σ′(z¹ⱼ)."""

    terms: tuple[tuple[float, ...], ...]
    scale: float = 1.0


@dataclass(frozen=True)
class Part:
    """One thing the student types. `carry` recomputes this part's reference from the student's
    answer to the previous part (error carried forward); `carry_wrong` does the same for the
    wrong answers. The sums of `entry_sum` must equal the entries of `answer`."""

    label: str
    prompt: str
    answer: Array
    wrong: tuple[WrongAnswer, ...] = ()
    carry: Callable[[Array], Array] | None = None
    carry_wrong: Callable[[Array], tuple[WrongAnswer, ...]] | None = None
    # For an answer whose every entry is a sum of products: the sum at an index, so that one
    # product taken with the wrong sign can be pointed at.
    entry_sum: Callable[[tuple[int, ...]], SumOfProducts] | None = None


@dataclass(frozen=True)
class Draft:
    """What a generator returns: everything about a question except its identity."""

    prompt: str
    parts: tuple[Part, ...]
    hints: tuple[str, ...]
    solution: str
    params: Mapping[str, Any] = field(default_factory=dict)
    integer: bool = False  # the answer is a whole number (a line number): graded exactly
    lines: int = 0  # with `integer`: the answer is a line number from 1 to `lines`


@dataclass(frozen=True)
class Question:
    """A generated question: same (kind, seed, lang), same question."""

    kind: str
    topic: str
    seed: int
    lang: str
    prompt: str
    parts: tuple[Part, ...]
    hints: tuple[str, ...]
    solution: str
    params: Mapping[str, Any]
    integer: bool = False
    lines: int = 0

    @property
    def multi_part(self) -> bool:
        return len(self.parts) > 1


@dataclass(frozen=True)
class PartGrade:
    """The verdict on one part. `carried` is True when the part was judged against the student's
    own earlier answer instead of the reference. `readable` is False for an "invalid" answer the
    parser could not read (its message is the caret picture), True for one that was read but
    cannot be an answer (a line number that is not a line)."""

    verdict: Verdict
    message: str
    misconception_id: str | None = None
    carried: bool = False
    readable: bool = True


@dataclass(frozen=True)
class Grade:
    """The verdict on a whole answer. `counted` is False for an answer that could not be read:
    it is shown the parser's message and is not recorded as an attempt."""

    verdict: Verdict
    message: str
    misconception_id: str | None
    per_part: tuple[PartGrade, ...]
    counted: bool


@dataclass(frozen=True)
class QuizKind:
    """A kind of question: its topic (a lesson id) and its generator."""

    name: str
    topic: str
    title_en: str
    title_zh: str
    generator: Callable[[np.random.Generator, str], Draft]
    misconceptions: tuple[str, ...]

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


def tr(lang: str, en: str, zh: str) -> str:
    """The text in the question's language."""
    return zh if lang == "zh" else en


def arr(value: Any) -> Array:
    return np.asarray(value, dtype=np.float64)
