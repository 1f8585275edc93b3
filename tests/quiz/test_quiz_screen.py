"""The drill screen and the quiz block driven with Textual's pilot, attempts landing in a
temporary progress store, and snapshots of misconception feedback in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from bp_tutor.progress import ProgressStore, open_store
from bp_tutor.quiz.kinds import generate
from bp_tutor.quiz.misconceptions import MISCONCEPTIONS
from bp_tutor.quiz.play import answer_text
from bp_tutor.ui.app import TutorApp
from bp_tutor.ui.i18n import set_language
from bp_tutor.ui.screens.quiz import DrillScreen
from bp_tutor.ui.start import StartTarget
from bp_tutor.ui.widgets.quiz_block import QuizBlock


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def temp_store(tmp_path: Path) -> Iterator[ProgressStore]:
    store = open_store(tmp_path / "progress.sqlite3")
    yield store
    store.close()


def _drill_app(store: ProgressStore, tmp_path: Path, topic: str, seed: int) -> TutorApp:
    return TutorApp("en", store, start=StartTarget(kind="drill", topic=topic, seed=seed),
                    settings_file=tmp_path / "settings.toml", cursor_blink=False)


async def _type(pilot, block: QuizBlock, text: str) -> None:
    field = block.query_one(".quiz-input", Input)
    field.focus()
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


def _feedback(block: QuizBlock) -> str:
    return str(block.query_one(".quiz-feedback", Static).render())



async def _question(pilot, app):
    """The screen's quiz block and its question, once the screen is up."""
    await pilot.pause()
    block = app.screen.query_one(QuizBlock)
    assert block.question is not None
    return block, block.question

async def test_drill_right_wrong_invalid_hint_solution(temp_store: ProgressStore,
                                                       tmp_path: Path) -> None:
    app = _drill_app(temp_store, tmp_path, "activations", seed=11)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        block = app.screen.query_one(QuizBlock)
        q = block.question
        assert q is not None and q.kind == "sigmoid_prime" and q.seed == 11

        await _type(pilot, block, "sigmoid(")  # a parse error: shown with a caret, not counted
        assert "^" in _feedback(block) and "does not count" in _feedback(block)
        assert temp_store.attempts() == []

        wrong = next(w for w in q.parts[0].wrong if w.misconception == "z_for_a")
        await _type(pilot, block, answer_text(wrong.value))
        assert MISCONCEPTIONS["z_for_a"].title_en in _feedback(block)
        [attempt] = temp_store.attempts()
        assert (attempt.verdict, attempt.misconception, attempt.kind, attempt.topic) == (
            "wrong", "z_for_a", "sigmoid_prime", "activations")

        await pilot.press("f2")
        assert "Hint 1/" in str(block.query_one(".quiz-hints", Static).render())
        await pilot.press("f3")
        assert "σ′(z) = σ(z)(1 − σ(z))" in str(
            block.query_one(".quiz-solution-text", Static).render())

        # The next question: the missed kind is not yet due (10 minutes), so the turn moves on.
        await pilot.press("f5")
        await pilot.pause()
        block = app.screen.query_one(QuizBlock)
        q2 = block.question
        assert q2 is not None and q2.seed == 12
        await _type(pilot, block, answer_text(q2.parts[0].answer))
        assert "Right" in _feedback(block)
        attempts = temp_store.attempts()
        assert [a.verdict for a in attempts] == ["wrong", "right"]
        assert temp_store.mastery()["activations"].attempts == 2


async def test_multi_part_records_each_part_with_error_carried_forward(
        temp_store: ProgressStore, tmp_path: Path) -> None:
    app = _drill_app(temp_store, tmp_path, "backprop_two_step", seed=1)
    async with app.run_test(size=(100, 40)) as pilot:
        block, q = await _question(pilot, app)
        bad = next(w.value for w in q.parts[0].wrong
                   if w.misconception == "missing_activation_derivative")
        await _type(pilot, block, answer_text(bad))
        assert block.part_index == 1
        carry = q.parts[1].carry
        assert carry is not None
        await _type(pilot, block, answer_text(carry(bad)))
        assert "Partly right" in _feedback(block)
        parts = [(a.part, a.verdict) for a in temp_store.attempts()]
        assert parts == [(0, "wrong"), (1, "partial")]


async def test_a_wrong_answer_can_be_retried_until_the_solution_is_shown(
        temp_store: ProgressStore, tmp_path: Path) -> None:
    app = _drill_app(temp_store, tmp_path, "activations", seed=11)
    async with app.run_test(size=(100, 40)) as pilot:
        block, q = await _question(pilot, app)
        await _type(pilot, block, answer_text(q.parts[0].wrong[0].value))
        assert _feedback(block).startswith("✗ Not right.")
        await _type(pilot, block, answer_text(q.parts[0].answer))  # the second try counts
        assert "Right" in _feedback(block)
        assert f"The exact value is {float(q.parts[0].answer):.4f}".rstrip("0") in _feedback(block)
        assert [a.verdict for a in temp_store.attempts()] == ["wrong", "right"]
        await _type(pilot, block, answer_text(q.parts[0].answer))  # done: not recorded again
        assert len(temp_store.attempts()) == 2

        await pilot.press("f5")
        await pilot.pause()
        block = app.screen.query_one(QuizBlock)
        q2 = block.question
        assert q2 is not None
        await pilot.press("f3")  # the solution first: later answers are not the student's own
        await _type(pilot, block, answer_text(q2.parts[0].answer))
        assert len(temp_store.attempts()) == 2


class _OneQuiz(App[None]):
    """Just the block, for snapshots that do not depend on other screens."""

    def __init__(self, kind: str, seed: int, lang: str, intro: str = "") -> None:
        super().__init__()
        self.kind, self.seed, self.lang, self.intro = kind, seed, lang, intro
        set_language(lang)

    def compose(self) -> ComposeResult:
        yield QuizBlock(self.kind, self.seed, None, lang=self.lang, intro=self.intro)


def _snapshot_app(lang: str) -> tuple[_OneQuiz, str]:
    q = generate("sigmoid_prime", 3, lang)
    wrong = next(w for w in q.parts[0].wrong if w.misconception == "z_for_a")
    return _OneQuiz("sigmoid_prime", 3, lang), answer_text(wrong.value)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_snapshot_misconception_feedback(snap_compare, lang: str) -> None:
    app, text = _snapshot_app(lang)

    async def answer(pilot) -> None:
        field = app.query_one(".quiz-input", Input)
        field.cursor_blink = False
        field.value = text
        await pilot.press("enter")
        await pilot.pause()
        field.blur()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=answer)


INTROS = {"en": "Use the **rules** above; no limits needed.",
          "zh": "用上面的**求导法则**即可，不需要求极限。"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_snapshot_intro_and_worked_solution(snap_compare, lang: str) -> None:
    """The lesson's sentence above the question (as Markdown), and the worked solution in the
    quiz's own typography: superscripts, true minus signs, the value at the point."""
    app = _OneQuiz("derivative_at_point", 2, lang, INTROS[lang])

    async def solve(pilot) -> None:
        app.query_one(".quiz-input", Input).cursor_blink = False
        app.query_one(QuizBlock).action_solution()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=solve)


async def test_the_drill_is_titled_with_the_lesson_title(temp_store: ProgressStore,
                                                        tmp_path: Path) -> None:
    app = _drill_app(temp_store, tmp_path, "activations", seed=11)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one(".drill-title", Static).render())
        expected = next(lesson.title for lesson in app.catalog.lessons("en")
                        if lesson.id == "activations")
        assert title == f"Drill: {expected}"


async def test_the_mastery_line_names_topics_by_lesson_title(temp_store: ProgressStore,
                                                            tmp_path: Path) -> None:
    temp_store.record_attempt(kind="sigmoid_prime", topic="activations", seed=1, answer="0.2",
                              verdict="right", misconception=None, seconds=3.0)
    app = _drill_app(temp_store, tmp_path, "activations", seed=11)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one(".drill-mastery", Static).render())
        title = next(lesson.title for lesson in app.catalog.lessons("en")
                     if lesson.id == "activations")
        score = round(100 * temp_store.mastery()["activations"].score)
        assert f"{title} {score}%" in line


# -- the reviewer's findings: wording, line numbers, a finished question, scrolling -------------

def _lesson_app(store: ProgressStore, tmp_path: Path, lesson: str, step: int,
                lang: str = "en") -> TutorApp:
    return TutorApp(lang, store, start=StartTarget.lesson(lesson, step),
                    settings_file=tmp_path / "settings.toml", cursor_blink=False)


async def test_find_the_bug_takes_line_numbers_only(temp_store: ProgressStore,
                                                    tmp_path: Path) -> None:
    app = _drill_app(temp_store, tmp_path, "find_the_bug", seed=12)
    async with app.run_test(size=(100, 40)) as pilot:
        block, q = await _question(pilot, app)
        assert block.query_one(".quiz-input", Input).placeholder == "a line number, e.g. 3"
        for text in ("0", "7", "2.5"):
            await _type(pilot, block, text)
            assert _feedback(block) == "Give a line number from 1 to 6 (this answer does not count)."
        assert temp_store.attempts() == []
        bug = int(q.parts[0].answer)
        other = bug % 6 + 1
        await _type(pilot, block, str(other))
        assert _feedback(block) == f"✗ Not right. Line {other} is correct as written. Look again."
        await _type(pilot, block, str(bug))
        assert _feedback(block) == f"✓ Right! Line {bug} is the one with the bug."
        assert [a.verdict for a in temp_store.attempts()] == ["wrong", "right"]


async def test_verdicts_read_once_in_chinese_without_a_space_after_the_stop() -> None:
    q = generate("find_the_bug", 12, "zh")
    bug = int(q.parts[0].answer)
    app = _OneQuiz("find_the_bug", 12, "zh")
    async with app.run_test(size=(100, 40)) as pilot:
        block = app.query_one(QuizBlock)
        assert block.query_one(".quiz-input", Input).placeholder == "行号，例如 3"
        await _type(pilot, block, str(bug % 6 + 1))
        assert _feedback(block) == f"✗ 不正确。第 {bug % 6 + 1} 行是对的，再看看。"
        await _type(pilot, block, str(bug))
        assert _feedback(block) == f"✓ 正确！错误就在第 {bug} 行。"
    app = _OneQuiz("sigmoid_prime", 3, "zh")
    async with app.run_test(size=(100, 40)) as pilot:
        block = app.query_one(QuizBlock)
        await _type(pilot, block, "5")
        assert _feedback(block) == "✗ 不正确。再检查一下计算，或按 F2 查看提示。"


async def test_a_wrong_answer_without_a_named_mistake_reads_once() -> None:
    app = _OneQuiz("sigmoid_prime", 3, "en")
    async with app.run_test(size=(100, 40)) as pilot:
        block = app.query_one(QuizBlock)
        await _type(pilot, block, "5")
        assert _feedback(block) == "✗ Not right. Check the computation again, or press F2 for a hint."


async def test_a_finished_drill_question_is_closed_and_names_the_next_key(
        temp_store: ProgressStore, tmp_path: Path) -> None:
    app = _drill_app(temp_store, tmp_path, "activations", seed=11)
    async with app.run_test(size=(100, 40)) as pilot:
        block, q = await _question(pilot, app)
        await _type(pilot, block, answer_text(q.parts[0].answer))
        field = block.query_one(".quiz-input", Input)
        assert field.disabled and field.value == ""
        assert field.placeholder == "Answered — press F5 for a new question"
        await pilot.press("f2")  # the block's own keys still work
        assert "Hint 1/" in str(block.query_one(".quiz-hints", Static).render())
        await pilot.press("f5")
        await pilot.pause()
        field = app.screen.query_one(QuizBlock).query_one(".quiz-input", Input)
        assert not field.disabled and field.has_focus


async def test_a_finished_lesson_question_points_to_the_next_step(
        temp_store: ProgressStore, tmp_path: Path) -> None:
    app = _lesson_app(temp_store, tmp_path, "derivatives", 2)
    async with app.run_test(size=(100, 40)) as pilot:
        block, _q = await _question(pilot, app)
        field = block.query_one(".quiz-input", Input)
        field.focus()
        await pilot.press("f3")  # the solution: no longer the student's own answer either
        assert field.disabled
        assert field.placeholder == "Solution shown — press n for the next step"
        await pilot.press("n")
        await pilot.pause()
        assert getattr(app.screen, "step", None) == 3


async def test_a_finished_question_in_chinese(temp_store: ProgressStore, tmp_path: Path) -> None:
    set_language("zh")
    app = TutorApp("zh", temp_store, start=StartTarget(kind="drill", topic="activations", seed=11),
                   settings_file=tmp_path / "settings.toml", cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        block, q = await _question(pilot, app)
        await _type(pilot, block, answer_text(q.parts[0].answer))
        assert block.query_one(".quiz-input", Input).placeholder == "已作答——按 F5 换一道新题"


async def test_the_worked_solution_is_scrolled_into_view(temp_store: ProgressStore,
                                                         tmp_path: Path) -> None:
    """Lesson 1, step 3 on a small terminal: after F2 F2 F3 the solution is on the screen."""
    app = _lesson_app(temp_store, tmp_path, "derivatives", 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        block = app.screen.query_one(QuizBlock)
        block.query_one(".quiz-input", Input).focus()
        body = app.screen.query_one("#lesson-body")
        for key in ("f2", "f2", "f3"):
            await pilot.press(key)
            await pilot.pause()
            shown = block.query_one(".quiz-solution-text" if key == "f3" else ".quiz-hints")
            assert body.region.contains_region(shown.region), (key, shown.region, body.region)


async def test_hint_and_solution_keys_work_from_anywhere_on_a_lesson_step(
        temp_store: ProgressStore, tmp_path: Path) -> None:
    """Without tabbing into the quiz: F2 shows a hint and puts the cursor in the answer box."""
    app = _lesson_app(temp_store, tmp_path, "derivatives", 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        block = app.screen.query_one(QuizBlock)
        field = block.query_one(".quiz-input", Input)
        assert not field.has_focus
        await pilot.press("f2")
        await pilot.pause()
        assert block.hints_shown == 1 and field.has_focus
        app.screen.set_focus(None)
        await pilot.press("f3")
        await pilot.pause()
        assert block.solution_shown and block.finished


async def test_tab_from_the_text_goes_to_the_first_field_in_view(
        temp_store: ProgressStore, tmp_path: Path) -> None:
    """Softmax, step 3: a reveal button comes before the quiz. Scrolled down to the quiz, Tab
    goes to its answer box instead of jumping back up to the button; at the top of the step,
    Tab goes to the button, the first field in view there."""
    from textual.widgets import Button

    app = _lesson_app(temp_store, tmp_path, "softmax", 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        body = app.screen.query_one("#lesson-body")
        button = app.screen.query_one(".reveal-button", Button)
        field = app.screen.query_one(QuizBlock).query_one(".quiz-input", Input)
        await pilot.press("tab")
        assert button.has_focus
        body.focus()
        body.scroll_end(animate=False)
        await pilot.pause()
        assert body.can_view_entire(field) and not body.can_view_entire(button)
        await pilot.press("tab")
        await pilot.pause()
        assert field.has_focus
        assert body.can_view_entire(field)  # nothing jumped


async def test_a_step_without_a_quiz_has_no_hint_key(temp_store: ProgressStore,
                                                    tmp_path: Path) -> None:
    app = _lesson_app(temp_store, tmp_path, "derivatives", 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query(QuizBlock)
        assert "f2" not in app.screen.active_bindings


async def test_switching_language_mid_question_keeps_the_students_work(
        temp_store: ProgressStore, tmp_path: Path) -> None:
    """A wrong answer, a hint and a half-typed retry survive `l`, now in Chinese; nothing is
    saved twice."""
    app = _drill_app(temp_store, tmp_path, "activations", seed=11)
    async with app.run_test(size=(100, 40)) as pilot:
        block, q = await _question(pilot, app)
        wrong = next(w for w in q.parts[0].wrong if w.misconception == "z_for_a")
        await _type(pilot, block, answer_text(wrong.value))
        await pilot.press("f2")
        block.query_one(".quiz-input", Input).value = "0.2"
        app.switch_language("zh")
        await pilot.pause()
        new = app.screen.query_one(QuizBlock)
        assert new is not block and new.question is not None
        assert new.question.prompt == generate("sigmoid_prime", 11, "zh").prompt
        assert MISCONCEPTIONS["z_for_a"].title_zh in _feedback(new)
        assert new.hints_shown == 1
        assert new.question.hints[0] in str(new.query_one(".quiz-hints", Static).render())
        assert new.query_one(".quiz-input", Input).value == "0.2"
        assert len(temp_store.attempts()) == 1  # the replay saved nothing
        await _type(pilot, new, answer_text(q.parts[0].answer))
        assert new.finished
        assert [a.verdict for a in temp_store.attempts()] == ["wrong", "right"]


async def test_switching_language_mid_way_through_a_multi_part_question(
        temp_store: ProgressStore, tmp_path: Path) -> None:
    app = _drill_app(temp_store, tmp_path, "backprop_two_step", seed=1)
    async with app.run_test(size=(100, 40)) as pilot:
        block, q = await _question(pilot, app)
        await _type(pilot, block, answer_text(q.parts[0].answer))
        assert block.part_index == 1
        app.switch_language("zh")
        await pilot.pause()
        new = app.screen.query_one(QuizBlock)
        assert new.part_index == 1 and new.previous_right
        assert (str(new.query_one(".quiz-part", Static).render())
                == "第 2 步，共 2 步 — 用你的 δ² 求 δ¹ = ∂L/∂z¹。")
        await _type(pilot, new, answer_text(q.parts[1].answer))
        assert new.finished and new.last_grade is not None and new.last_grade.verdict == "right"


async def test_a_question_drawn_for_the_visit_keeps_its_numbers_across_a_switch(
        temp_store: ProgressStore, tmp_path: Path) -> None:
    """Lesson 1's last step asks an unseeded question: a switch of language is not a new visit."""
    app = _lesson_app(temp_store, tmp_path, "derivatives", 5)
    async with app.run_test(size=(100, 40)) as pilot:
        block, _q = await _question(pilot, app)
        assert not block.fixed_seed
        await pilot.press("f3")
        await pilot.pause()
        for lang in ("zh", "en"):
            app.switch_language(lang)
            await pilot.pause()
            new = app.screen.query_one(QuizBlock)
            assert new.seed == block.seed and new.lang == lang
            assert new.solution_shown and new.finished


async def test_esc_in_a_lessons_answer_box_leaves_the_box_then_the_lesson(
        temp_store: ProgressStore, tmp_path: Path) -> None:
    app = _lesson_app(temp_store, tmp_path, "derivatives", 3)
    async with app.run_test(size=(80, 24)) as pilot:
        block, _q = await _question(pilot, app)
        field = block.query_one(".quiz-input", Input)
        field.focus()
        await pilot.press("1", "escape")
        await pilot.pause()
        assert getattr(app.screen, "step", None) == 3 and not field.has_focus
        assert field.value == "1"  # nothing typed is lost
        await pilot.press("escape")
        await pilot.pause()
        assert getattr(app.screen, "step", None) is None  # back on the home screen
