"""The teacher's dashboard on a class of two: who is on, mastery, mistakes, drill-down."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from bp_tutor.classroom.dashboard_app import ClassroomDashboardApp, StoreDashboardSource
from bp_tutor.classroom.dashboard_data import QuizPlaces, class_snapshot
from bp_tutor.lessons.model import Block, Lesson, Step
from bp_tutor.paths import lessons_dir
from bp_tutor.progress import open_store
from bp_tutor.ui.catalog import LessonCatalog
from bp_tutor.ui.contracts import step_segments
from bp_tutor.ui.i18n import set_language
from bp_tutor.ui.screens.classroom_dashboard import ClassroomDashboardScreen, ClassroomStudentScreen
from bp_tutor.ui.widgets.classroom_table import ClassroomTable
from tests.classroom.class_data import START, fill_class

TITLES = {"derivatives": "Derivatives", "backprop": "Backpropagation"}


def test_class_mastery_is_the_mean_over_students_who_tried(tmp_path: Path) -> None:
    db = tmp_path / "class.sqlite3"
    fill_class(db)
    with open_store(db) as store:
        snapshot = class_snapshot(store, since=None)
    by_topic = {t.topic: t for t in snapshot.topics}
    assert abs(by_topic["derivatives"].mean_score - (0.657 + 0.105) / 2) < 1e-12
    assert (by_topic["derivatives"].students, by_topic["derivatives"].attempts) == (2, 5)
    assert abs(by_topic["backprop"].mean_score - 0.3) < 1e-12
    # Weakest first.
    assert [t.topic for t in snapshot.topics] == ["backprop", "derivatives"]


async def test_the_dashboard_shows_two_students_progress(class_db: str) -> None:
    db = class_db
    fill_class(db, connect=True)
    store = open_store(db)
    try:
        app = ClassroomDashboardApp(StoreDashboardSource(store, TITLES, now=lambda: START), "en")
        async with app.run_test(size=(120, 60)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ClassroomDashboardScreen)

            def rows(table_id: str) -> list[tuple[str, ...]]:
                return screen.query_one(f"#section-{table_id}", ClassroomTable).row_texts()

            connected = rows("connected")
            assert [(r[0], r[1]) for r in connected] == [("ana", "Backpropagation"), ("bob", "(home)")]
            assert rows("topics") == [
                ("Backpropagation", "30%", "1", "2"),
                ("Derivatives", f"{round((0.657 + 0.105) / 2 * 100)}%", "2", "5"),
            ]
            # forgot_mean: one attempt by ana, two by bob.
            assert rows("misconceptions") == [("2 students: The 1/N was forgotten", "3")]
            assert rows("students") == [
                ("ana", "1", "5", "4", f"{round((0.657 + 0.3) / 2 * 100)}%"),
                ("bob", "0", "2", "0", "10%"),
            ]
            # Drill down: Enter on bob in the connected table.
            table = screen.query_one("#section-connected", ClassroomTable).data_table
            table.focus()
            await pilot.press("down", "enter")
            await pilot.pause()
            detail = app.screen
            assert isinstance(detail, ClassroomStudentScreen) and detail.student == "bob"
            lessons = detail.query_one("#section-lessons", ClassroomTable).row_texts()
            assert lessons == [("Derivatives", "3/5")]
            recent = detail.query_one("#section-recent", ClassroomTable).row_texts()
            # No quiz is called derivatives_q: its id is all there is to show, and the answers
            # were given outside any lesson.
            assert [(r[1], r[2], r[4], r[5]) for r in recent] == [
                ("derivatives_q", "(a drill)", "wrong", "The 1/N was forgotten"),
                ("derivatives_q", "(a drill)", "partly", "The 1/N was forgotten"),
            ]
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ClassroomDashboardScreen)
            await pilot.press("enter")  # bob again: q quits from his screen as from the class's
            await pilot.pause()
            assert isinstance(app.screen, ClassroomStudentScreen)
            await pilot.press("q")
            await pilot.pause()
            assert app.return_code == 0  # None while the app runs
    finally:
        store.close()


async def test_the_dashboard_picks_up_new_answers_on_refresh(tmp_path: Path) -> None:
    db = tmp_path / "class.sqlite3"
    fill_class(db, connect=True)
    store = open_store(db)
    try:
        app = ClassroomDashboardApp(StoreDashboardSource(store, TITLES, now=lambda: START), "en")
        async with app.run_test(size=(120, 60)) as pilot:
            await pilot.pause()
            with open_store(db, student="cy") as cy:
                cy.record_attempt(kind="q", topic="backprop", seed=2, answer="1", verdict="right",
                                  misconception=None, seconds=1.0)
            await pilot.press("r")
            await pilot.pause()
            students = app.screen.query_one("#section-students", ClassroomTable).row_texts()
            assert [row[0] for row in students] == ["ana", "bob", "cy"]
            assert students[2] == ("cy", "0", "1", "1", "30%")
    finally:
        store.close()


def test_the_class_began_at_the_first_session_of_its_day_whenever_the_dashboard_opens(
        tmp_path: Path) -> None:
    """Yesterday's class does not count; today's does, whether the dashboard was open during
    class or opened after it, when every student has left."""
    db = tmp_path / "class.sqlite3"
    yesterday, today = START - timedelta(days=1), START
    for day, verdict in ((yesterday, "wrong"), (today, "wrong"), (today, "partial")):
        when = [day + timedelta(minutes=5 if verdict == "partial" else 1)]
        with open_store(db, student="ana", clock=lambda when=when: when[0]) as store:
            session = store.session_start(None)
            when[0] += timedelta(minutes=1)
            store.record_attempt(kind="backprop_q", topic="backprop", seed=1, answer="1",
                                 verdict=verdict, misconception="forgot_mean", seconds=3.0)
            store.session_end(session)
    with open_store(db) as store:
        for opened in (today + timedelta(minutes=2), today + timedelta(hours=8)):
            source = StoreDashboardSource(store, TITLES, now=lambda opened=opened: opened)
            assert source.class_start == today + timedelta(minutes=1)
            assert store.misconception_counts(source.class_start) == [("forgot_mean", 2, 1)]


def test_before_any_session_the_class_is_todays(tmp_path: Path) -> None:
    with open_store(tmp_path / "class.sqlite3") as store:
        source = StoreDashboardSource(store, TITLES, now=lambda: START + timedelta(hours=3))
        start = source.class_start
        assert start.astimezone().date() == (START + timedelta(hours=3)).astimezone().date()
        assert (start.astimezone().hour, start.minute) == (0, 0)


async def test_arrows_and_enter_open_a_student_without_tab_first(class_db: str) -> None:
    fill_class(class_db, connect=True)
    with open_store(class_db) as store:
        app = ClassroomDashboardApp(StoreDashboardSource(store, TITLES, now=lambda: START), "en")
        async with app.run_test(size=(120, 60)) as pilot:
            await pilot.pause()
            await pilot.press("down", "enter")
            await pilot.pause()
            detail = app.screen
            assert isinstance(detail, ClassroomStudentScreen) and detail.student == "bob"


def _answer(db: str | Path, kind: str, lesson_id: str | None, seed: int, verdict: str = "right"
            ) -> None:
    with open_store(db, student="ana") as store:
        store.record_attempt(kind=kind, topic="activations", seed=seed, answer="0.25",
                             verdict=verdict, misconception=None, seconds=3.0, lesson_id=lesson_id)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_answers_are_named_by_quiz_title_lesson_and_step(tmp_path: Path, lang: str) -> None:
    """The teacher reads "Slope of the sigmoid, Activation functions, step N", not
    sigmoid_prime; an id is shown only for a quiz or lesson that no longer exists."""
    catalog = LessonCatalog(lessons_dir())
    lessons = catalog.lessons(lang)
    activations = next(lesson for lesson in lessons if lesson.id == "activations")
    steps = [number for number, step in enumerate(activations.steps, start=1)
             for segment in step_segments(step)
             if getattr(segment, "type", None) == "quiz" and segment.attrs.get("kind") == "sigmoid_prime"]
    fixed_step, fresh_step = steps  # `seed=11`, then one drawn afresh on each visit
    db = tmp_path / "class.sqlite3"
    _answer(db, "sigmoid_prime", "activations", 11)  # the block with seed=11
    _answer(db, "sigmoid_prime", "activations", 987654)  # a fresh draw: the block without a seed
    _answer(db, "sigmoid_prime", None, 5)  # a drill
    _answer(db, "retired_kind", "retired-lesson", 1)  # neither exists any more
    with open_store(db) as store:
        source = StoreDashboardSource(store, catalog.titles(lang), now=lambda: START,
                                      places=QuizPlaces(lessons))
        app = ClassroomDashboardApp(source, lang)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            app.push_screen(ClassroomStudentScreen(source, "ana"))
            await pilot.pause()
            recent = app.screen.query_one("#section-recent", ClassroomTable).row_texts()
    title = "Slope of the sigmoid" if lang == "en" else "sigmoid 的斜率"
    lesson = activations.title
    if lang == "en":
        expected = [("retired_kind", "retired-lesson"), (title, "(a drill)"),
                    (title, f"{lesson}, step {fresh_step}"), (title, f"{lesson}, step {fixed_step}")]
    else:
        expected = [("retired_kind", "retired-lesson"), (title, "（练习）"),
                    (title, f"{lesson} · 第 {fresh_step} 步"), (title, f"{lesson} · 第 {fixed_step} 步")]
    assert [row[1:3] for row in recent] == expected
    set_language("en")


async def test_a_name_with_two_sessions_is_one_row_that_says_so(tmp_path: Path) -> None:
    db = tmp_path / "class.sqlite3"
    fill_class(db, connect=True)  # ana in backprop, bob at home
    with open_store(db, student="ana") as again:
        again.session_heartbeat(again.session_start(None), ":lab")
    with open_store(db) as store:
        app = ClassroomDashboardApp(StoreDashboardSource(store, TITLES, now=lambda: START), "en")
        async with app.run_test(size=(120, 60)) as pilot:
            await pilot.pause()
            screen = app.screen
            connected = screen.query_one("#section-connected", ClassroomTable).row_texts()
            assert [row[:2] for row in connected] == [
                ("ana (2 sessions)", "(the lab) / Backpropagation"), ("bob", "(home)")]
            status = str(screen.query_one("#classroom-status", Static).content)
            assert status.startswith("2 connected · 2 students")
            await pilot.press("enter")  # ana's row opens ana
            await pilot.pause()
            assert isinstance(app.screen, ClassroomStudentScreen) and app.screen.student == "ana"


def test_quiz_places_prefer_the_block_with_the_answers_seed() -> None:
    lesson = Lesson(id="l", title="L", prerequisites=(), objectives=(), minutes=1, lang="en",
                    path=Path("01-l.md"), steps=(
                        Step((Block("quiz", {"kind": "k"}, "", 3),)),
                        Step((Block("quiz", {"kind": "k", "seed": "7"}, "", 9),
                              Block("quiz", {"kind": "other"}, "", 10))),
                    ))
    places = QuizPlaces([lesson])
    assert places.step("l", "k", 7) == 2
    assert places.step("l", "k", 8) == 1
    assert places.step("l", "other", 1) == 2
    assert places.step("l", "missing", 1) is None
    assert places.step("gone", "k", 7) is None
