"""Grading a typed answer: parse it, compare it with the reference within the stated tolerance,
name the misconception it matches, and carry errors forward in multi-part questions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bp_tutor.quiz.answer import AnswerSyntaxError, parse_answer
from bp_tutor.quiz.gen_common import inline
from bp_tutor.quiz.misconceptions import MISCONCEPTIONS
from bp_tutor.quiz.model import Array, Grade, Part, PartGrade, Question, Verdict, WrongAnswer, tr
from bp_tutor.quiz.term_slip import Factors, find_term_slip, slip_sentence
from bp_tutor.quiz.tolerance import (
    ABS_TOLERANCE,
    REL_TOLERANCE,
    allowed_error,
    close,
    comparable,
    wants_significant_figures,
)

TERM_SIGN = "term_sign"


def tolerance_text(question: Question) -> str:
    """What the student is told about how answers are graded: the rule itself, then the
    precision that is comfortably enough for this question's numbers."""
    lang = question.lang
    if question.integer:
        return tr(lang, "Answer with a whole number.", "请回答一个整数。")
    percent, floor = f"{REL_TOLERANCE:.0%}", f"{ABS_TOLERANCE:g}"
    rule = tr(lang, f"Each value counts if it is within {percent} of the exact one or within "
                    f"{floor}, whichever is larger.",
              f"每个数与精确值相差不超过 {percent} 或 {floor}（取两者中较大的）即算正确。")
    if any(wants_significant_figures(part.answer) for part in question.parts):
        precision = tr(lang, "3 significant figures are enough (e.g. 12.3).",
                       "保留 3 位有效数字即可（例如 12.3）。")
    else:
        precision = tr(lang, "3 decimals are enough (e.g. 0.042).",
                       "保留 3 位小数即可（例如 0.042）。")
    layout = tr(lang, "Vectors as [1, 2], matrices as [1, 2; 3, 4].",
                "向量写作 [1, 2]，矩阵写作 [1, 2; 3, 4]。")
    return tr(lang, f"{rule} {precision} {layout}", f"{rule}{precision}{layout}")


def _shape_words(shape: tuple[int, ...], lang: str) -> str:
    if len(shape) == 0:
        return tr(lang, "a single number", "一个数")
    if len(shape) == 1:
        return tr(lang, f"{shape[0]} values", f"{shape[0]} 个值")
    return tr(lang, f"a {shape[0]}×{shape[1]} matrix", f"一个 {shape[0]}×{shape[1]} 矩阵")


def shape_message(expected: Array, got: Array, lang: str) -> str | None:
    """None when the shapes are compatible, else what was expected and what was typed."""
    if comparable(expected, got) is not None:
        return None
    text = tr(lang, f"Expected {_shape_words(expected.shape, lang)}, got "
                    f"{_shape_words(got.shape, lang)}.",
              f"应为{_shape_words(expected.shape, lang)}，你给出的是{_shape_words(got.shape, lang)}。")
    if expected.ndim == 2 and got.ndim == 2 and got.shape == expected.shape[::-1]:
        text = text[:-1] + tr(lang, " — did you transpose?", "——是不是转置了？")
    return text


def _misconception_message(misconception: str, lang: str) -> str:
    m = MISCONCEPTIONS[misconception]
    return tr(lang, f"{m.title(lang)}. {m.explanation(lang)}", f"{m.title(lang)}。{m.explanation(lang)}")


def _match(value: Array, wrong: Sequence[WrongAnswer]) -> str | None:
    for candidate in wrong:
        if close(value, candidate.value):
            return candidate.misconception
    return None


def grade_part(question: Question, index: int, value: Array,
               previous: Array | None = None, previous_right: bool = True) -> PartGrade:
    """The verdict on part `index` for the already parsed `value`. When an earlier part was
    wrong, `previous` (the student's answer to it) gives this part's carried-forward reference."""
    part, lang = question.parts[index], question.lang
    if question.integer:
        # The screen puts "Right!" / "Not right." in front: these messages say what else there
        # is to know, without repeating the verdict.
        if not _is_line_number(question, value):  # parse_or_grade lets only line numbers through
            return PartGrade("invalid", line_number_message(question))
        line = int(value)
        if line == int(part.answer):
            return PartGrade("right", tr(lang, f"Line {line} is the one with the bug.",
                                         f"错误就在第 {line} 行。"))
        return PartGrade("wrong", tr(lang, f"Line {line} is correct as written. Look again.",
                                     f"第 {line} 行是对的，再看看。"))
    if close(value, part.answer):
        exact = inline(part.answer)
        return PartGrade("right", tr(lang, f"The exact value is {exact}.", f"精确值为 {exact}。"))
    if not previous_right and previous is not None and part.carry is not None:
        carried = part.carry(previous)
        if close(value, carried):
            return PartGrade("right", tr(
                lang, f"Right, given your earlier answer: this step is done correctly, but the "
                      f"value you started from (part {index}) was wrong.",
                f"在你前面答案的基础上是对的：这一步做对了，但你用到的第 {index} 步的值是错的。"),
                carried=True)
        if part.carry_wrong is not None:
            found = _match(value, part.carry_wrong(previous))
            if found is not None:
                return PartGrade("wrong", _misconception_message(found, lang), found, carried=True)
    found = _match(value, part.wrong)
    shape = shape_message(part.answer, value, lang)
    if found is not None:
        # No space after a Chinese full stop.
        prefix = tr(lang, f"{shape} ", shape) if shape else ""
        return PartGrade("wrong", prefix + _misconception_message(found, lang), found)
    if shape is not None:
        return PartGrade("wrong", shape)
    slips = term_slips(value, part)
    if slips:
        sentences = [_misconception_message(TERM_SIGN, lang)] + [
            slip_sentence(factors, lang, _position(index, lang) if index else "")
            for index, factors in slips[:2]]
        return PartGrade("wrong", tr(lang, " ".join(sentences), "".join(sentences)), TERM_SIGN)
    which = wrong_values_message(value, part.answer, lang)
    if which is not None:
        hint = tr(lang, "Press F2 for a hint.", "按 F2 查看提示。")
        return PartGrade("wrong", tr(lang, f"{which} {hint}", f"{which}{hint}"))
    # Not "not quite": the verdict in front of it already says the answer is not right.
    return PartGrade("wrong", tr(lang, "Check the computation again, or press F2 for a hint.",
                                 "再检查一下计算，或按 F2 查看提示。"))


def _position(index: tuple[int, ...], lang: str) -> str:
    """Where a value sits, counted from 1: "value 2", or "row 1, column 3" in a matrix."""
    if len(index) == 1:
        return tr(lang, f"value {index[0] + 1}", f"第 {index[0] + 1} 个值")
    return tr(lang, f"row {index[0] + 1} column {index[1] + 1}",
              f"第 {index[0] + 1} 行第 {index[1] + 1} 列")


def _in_reference_shape(value: Array, reference: Array) -> tuple[Array, Array] | None:
    """(typed, exact) in the reference's shape, when the typed answer holds the same values in
    the same layout (a 1×n matrix typed as a vector counts); else None."""
    reference = np.asarray(reference, np.float64)
    pair = comparable(np.asarray(value, np.float64), reference)
    if pair is None:
        return None
    return pair[0].reshape(reference.shape), pair[1].reshape(reference.shape)


def term_slips(value: Array, part: Part) -> list[tuple[tuple[int, ...], Factors]]:
    """Where each wrong value of the answer is the right one with one term of its sum taken with
    the wrong sign: (index, that term's factors) per wrong value. Empty when some wrong value
    is not explained so, or when the part's entries are not sums."""
    pair = _in_reference_shape(value, part.answer)
    if part.entry_sum is None or pair is None:
        return []
    typed, exact = pair

    def close_one(a: float, b: float) -> bool:
        return bool(abs(a - b) <= allowed_error(b))

    slips = []
    for raw in np.argwhere(~(np.abs(typed - exact) <= allowed_error(exact))):
        index = tuple(int(i) for i in raw)
        factors = find_term_slip(float(typed[index]), float(exact[index]),
                                 part.entry_sum(index), close_one)
        if factors is None:
            return []
        slips.append((index, factors))
    return slips


def wrong_values_message(value: Array, reference: Array, lang: str, limit: int = 3) -> str | None:
    """For a vector or matrix answer with some values right: how many, and where the wrong ones
    are, so the student rechecks those and not the whole computation. None for a single number,
    or when no value is right (then the positions say nothing useful)."""
    pair = _in_reference_shape(value, reference)
    if pair is None or pair[1].size < 2:
        return None
    typed, exact = pair
    good = np.abs(typed - exact) <= allowed_error(exact)
    n_good, n_all = int(good.sum()), int(good.size)
    if n_good == 0 or n_good == n_all:
        return None
    bad = [tuple(int(i) for i in index) for index in np.argwhere(~good)]
    shown = [_position(index, lang) for index in bad[:limit]]
    more = len(bad) - limit
    places_en = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    places_zh = "、".join(shown + ([f"另外 {more} 个"] if more > 0 else []))
    verb = "is" if n_good == 1 else "are"
    return tr(lang, f"{n_good} of {n_all} values {verb} right; check {places_en}.",
              f"{n_all} 个值中有 {n_good} 个正确；请检查{places_zh}。")


def line_number_message(question: Question) -> str:
    """What a line-number question accepts, said when the answer is not one of its lines."""
    return tr(question.lang,
              f"Give a line number from 1 to {question.lines} (this answer does not count).",
              f"请给出 1 到 {question.lines} 之间的行号（这个答案不计入成绩）。")


def _is_line_number(question: Question, value: Array) -> bool:
    if value.ndim != 0 or not np.isfinite(value):
        return False
    number = float(value)
    return number.is_integer() and (question.lines == 0 or 1 <= number <= question.lines)


def parse_or_grade(question: Question, text: str) -> Array | PartGrade:
    """The parsed answer, or an "invalid" PartGrade: the parser's caret message, or, for a
    line-number question, a value that names no line (0, 7 of 6, 2.5, a vector). Such answers
    are not attempts at the question, so they are not counted."""
    try:
        value = np.asarray(parse_answer(text).array, dtype=np.float64)
    except AnswerSyntaxError as error:
        return PartGrade("invalid", error.render(text, question.lang), readable=False)
    if question.integer and not _is_line_number(question, value):
        return PartGrade("invalid", line_number_message(question))
    return value


def grade(question: Question, answers: str | Sequence[str]) -> Grade:
    """Grade every part (one text per part). A text that cannot be read makes the whole answer
    "invalid" and not counted; otherwise all right is "right", some right "partial"."""
    texts = [answers] if isinstance(answers, str) else list(answers)
    if len(texts) != len(question.parts):
        raise ValueError(f"{question.kind} has {len(question.parts)} parts, got {len(texts)} "
                         "answers")
    per_part: list[PartGrade] = []
    previous: Array | None = None
    previous_right = True
    for index, text in enumerate(texts):
        parsed = parse_or_grade(question, text)
        if isinstance(parsed, PartGrade):
            return Grade("invalid", parsed.message, None, (*per_part, parsed), counted=False)
        result = grade_part(question, index, parsed, previous, previous_right)
        per_part.append(result)
        previous, previous_right = parsed, result.verdict == "right" and not result.carried
    return summarise(question, tuple(per_part))


def summarise(question: Question, per_part: tuple[PartGrade, ...]) -> Grade:
    """One verdict for the parts: the first misconception named is the one reported."""
    lang = question.lang
    misconception = next((p.misconception_id for p in per_part if p.misconception_id), None)
    rights = sum(p.verdict == "right" for p in per_part)
    verdict: Verdict
    if rights == len(per_part) and not any(p.carried for p in per_part):
        verdict = "right"
    elif rights:
        verdict = "partial"
    else:
        verdict = "wrong"
    if len(per_part) == 1:
        message = per_part[0].message
    else:
        message = "\n".join(
            tr(lang, f"Part {i}: {p.message}", f"第 {i} 步：{p.message}")
            for i, p in enumerate(per_part, start=1))
    return Grade(verdict, message, misconception, per_part, counted=True)
