"""`bp-tutor check --play`: answer every quiz block of every lesson, headlessly, with its
reference answer and with each of its listed wrong answers, and check that the screen says
"right" for the first and names the right misconception for the others.

The answers are typed into the real quiz widget through Textual's test pilot, so what is checked
is what a student would see. That driver lives with the widget (`bp_tutor.ui.widgets.quiz_play`)
and is looked up by name when playing starts: the quiz logic itself stays free of the UI, and a
test may hand in another driver.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from bp_tutor.quiz.gen_common import mat
from bp_tutor.quiz.grading import TERM_SIGN
from bp_tutor.quiz.kinds import KINDS, generate
from bp_tutor.quiz.misconceptions import MISCONCEPTIONS
from bp_tutor.quiz.model import Array, Part, WrongAnswer
from bp_tutor.quiz.tolerance import distinguishable

LANGS = ("en", "zh")
# A quiz without a seed draws a new question per visit; playing one fixed seed checks it.
UNSEEDED_PLAY_SEED = 0
SCREEN_DRIVER = "bp_tutor.ui.widgets.quiz_play"


@dataclass(frozen=True)
class PlayRun:
    """One way of answering one quiz: a text per part, and the misconception it should be
    named as (None: it should be graded right)."""

    kind: str
    seed: int
    lang: str
    lesson_id: str
    texts: tuple[str, ...]
    expected: str | None


class ScreenDriver(Protocol):
    def feedback(self, runs: Sequence[PlayRun]) -> list[str]:
        """The feedback the quiz widget shows after each run's answers, in order."""

    def right_text(self, lang: str) -> str:
        """What the widget shows for a right answer in `lang`."""


class PlayProblems(list[str]):
    """The problems found, one line each (`file:line: message`); int() gives the exit status."""

    def __int__(self) -> int:
        return 1 if self else 0


def answer_text(value: Array) -> str:
    """A value typed the way a student would, with digits enough to sit well inside the
    tolerance."""
    if value.ndim == 0:
        return f"{float(value):.6f}"
    if value.ndim == 1:
        return "[" + ", ".join(f"{float(v):.6f}" for v in value) + "]"
    return mat(value, 6)


def runs_for(kind: str, seed: int, lang: str, lesson_id: str) -> list[PlayRun]:
    """The reference answer, then each listed wrong answer (later parts answered consistently
    with it, as error carried forward grades them), then, for a part whose entries are sums,
    one entry with one term's sign flipped."""
    question = generate(kind, seed, lang)
    reference = [answer_text(p.answer) for p in question.parts]
    runs = [PlayRun(kind, seed, lang, lesson_id, tuple(reference), None)]
    for index, part in enumerate(question.parts):
        wrong_answers = list(part.wrong)
        slip = _one_term_slip(part)
        if slip is not None:
            wrong_answers.append(WrongAnswer(TERM_SIGN, slip))
        for wrong in wrong_answers:
            texts = list(reference)
            texts[index] = answer_text(wrong.value)
            for later in range(index + 1, len(question.parts)):
                carry = question.parts[later].carry
                if carry is not None:
                    texts[later] = answer_text(carry(wrong.value))
            runs.append(PlayRun(kind, seed, lang, lesson_id, tuple(texts), wrong.misconception))
    return runs


def _one_term_slip(part: Part) -> Array | None:
    """The answer with the first term that can show it flipped in the first entry that has
    one, if the result is not also a listed mistake."""
    if part.entry_sum is None:
        return None
    answer = np.asarray(part.answer, dtype=np.float64)
    for raw in np.ndindex(answer.shape):
        entry = part.entry_sum(raw)
        for factors in entry.terms:
            slipped = answer.copy()
            slipped[raw] -= 2 * entry.scale * math.prod(factors)
            if distinguishable(slipped, answer) and all(
                    distinguishable(slipped, w.value) for w in part.wrong):
                return slipped
    return None


def _quiz_blocks(root: Path, lang: str) -> Iterator[tuple[Any, Any]]:
    from bp_tutor.lessons.loader import load_lessons

    for lesson in load_lessons(lang, root):
        for step in lesson.steps:
            for segment in step.segments:
                if getattr(segment, "type", None) == "quiz":
                    yield lesson, segment


def _problem(run: PlayRun, shown: str, right_text: str) -> str | None:
    if run.expected is None:
        if right_text not in shown:
            return (f"{run.kind} seed {run.seed}: the reference answer was not graded right "
                    f"(the screen said: {shown!r})")
        return None
    if MISCONCEPTIONS[run.expected].title(run.lang) not in shown:
        return (f"{run.kind} seed {run.seed}: the answer for {run.expected} did not name it "
                f"(the screen said: {shown!r})")
    return None


def play_folder(root: Path, lang: str | None = None, *,
                echo: Callable[[str], None] | None = print,
                driver: ScreenDriver | None = None) -> PlayProblems:
    """Play every quiz in `root` (a folder with en/ and zh/, or one language folder)."""
    if root.name in LANGS and root.is_dir():
        languages = [(root.name, root.parent)]
    else:
        languages = [(code, root) for code in LANGS
                     if (root / code).is_dir() and (lang is None or code == lang)]
    screen: ScreenDriver = driver or importlib.import_module(SCREEN_DRIVER).DRIVER
    problems = PlayProblems()
    played = 0
    planned: list[tuple[str, PlayRun]] = []
    for code, base in languages:
        for lesson, block in _quiz_blocks(base, code):
            played += 1
            where = f"{lesson.path}:{block.line}"
            kind = str(block.attrs.get("kind", ""))
            if kind not in KINDS:
                problems.append(f"{where}: unknown quiz kind {kind!r}")
                continue
            seed_text = block.attrs.get("seed")
            seed = int(seed_text) if seed_text is not None else UNSEEDED_PLAY_SEED
            planned += [(where, run) for run in runs_for(kind, seed, code, lesson.id)]
    shown_all = screen.feedback([run for _, run in planned]) if planned else []
    for (where, run), shown in zip(planned, shown_all, strict=True):
        problem = _problem(run, shown, screen.right_text(run.lang))
        if problem is not None:
            problems.append(f"{where}: {problem}")
    if echo is not None:
        for line in problems:
            echo(line)
        echo(f"played {played} quizzes: {len(problems)} problems")
    return problems
