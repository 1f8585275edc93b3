"""Driving the app with Textual's pilot: keys, screens, progress, help, palette."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input

from bp_tutor.ui.screens.base import EXIT_AFTER_FIRST_FRAME_ENV
from bp_tutor.ui.screens.help import HelpScreen
from bp_tutor.ui.screens.home import HomeScreen
from bp_tutor.ui.screens.lesson import LessonScreen
from bp_tutor.ui.start import StartTarget
from bp_tutor.ui.widgets.lesson_list import LessonList
from bp_tutor.ui.widgets.reveal_block import RevealBlock
from tests.ui.conftest import AppFactory
from tests.ui.fakes import FakeStore
from tests.ui.screen_text import screen_text


async def test_home_lists_lessons_with_prerequisites_and_status(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Start: Derivatives in one page" in text
        assert "after: Derivatives in one page" in text  # neuron's prerequisite, by title
        assert "new" in text
        assert "cannot be opened" in text  # the broken fixture is listed, marked


async def test_arrows_and_jk_move_enter_opens_esc_returns(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lesson_list = app.screen.query_one(LessonList)
        assert lesson_list.highlighted == 0
        await pilot.press("down")
        assert lesson_list.highlighted == 1
        await pilot.press("k")
        assert lesson_list.highlighted == 0
        await pilot.press("j")
        assert lesson_list.highlighted == 1
        await pilot.press("up", "j")
        assert lesson_list.highlighted == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "neuron"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_stepping_saves_every_step_and_marks_done(
    make_app: AppFactory, store: FakeStore
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # first lesson: basics, 3 steps
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert "step 1/3" in screen_text(app)
        await pilot.press("right")
        await pilot.pause()
        assert "step 2/3" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert "step 3/3" in screen_text(app)
        await pilot.press("n")  # past the end: nothing happens
        await pilot.press("p", "left")
        await pilot.pause()
        assert "step 1/3" in screen_text(app)
    assert store.writes == [
        ("basics", 1, 3, False),
        ("basics", 2, 3, False),
        ("basics", 3, 3, True),
        ("basics", 2, 3, True),  # done stays done when the student looks back
        ("basics", 1, 3, True),
    ]


async def test_a_new_app_offers_to_continue_at_the_saved_step(
    make_app: AppFactory, store: FakeStore
) -> None:
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # neuron
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
    assert store.last_lesson() == "neuron"
    assert store.lesson_progress()["neuron"].step == 2

    second = make_app()  # same store, as after a restart
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        continue_button = second.screen.query_one("#continue", Button)
        assert str(continue_button.label) == "Continue: One sigmoid neuron (step 2/3)"
        assert "step 2/3" in screen_text(second)  # also in the list
        await pilot.press("c")
        await pilot.pause()
        screen = second.screen
        assert isinstance(screen, LessonScreen)
        assert (screen.lesson.id, screen.step) == ("neuron", 2)


async def test_clicking_continue_opens_the_lesson(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#continue")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "basics"


async def test_reveal_block_shows_answer_on_request(make_app: AppFactory) -> None:
    app = make_app(start=StartTarget.lesson("basics", 2))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reveal = app.screen.query_one(RevealBlock)
        assert "2 · 3 = 6" not in screen_text(app)
        await pilot.click(".reveal-button")
        await pilot.pause()
        assert reveal.revealed
        assert "2 · 3 = 6" in screen_text(app)


async def test_broken_lesson_opens_to_its_error(make_app: AppFactory) -> None:
    app = make_app(start=StartTarget.lesson("broken"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "could not be read" in text
        assert "03-broken.md:3" in text


async def test_help_lists_the_keys_of_the_screen_and_app(make_app: AppFactory) -> None:
    app = make_app(start=StartTarget.lesson("basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for expected in ("Next", "Previous", "Back", "Quit", "Help", "Theme"):
            assert expected in text, expected
        assert "→ / n" in text  # one row per action, every key of it
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_palette_finds_a_lesson_and_opens_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"sigmoid neuron")
        await pilot.pause(0.5)
        assert "Lesson: One sigmoid neuron" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "neuron"


async def test_q_typed_into_an_input_is_text_not_quit(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = Input()
        await app.screen.mount(field)
        field.focus()
        await pilot.press("q", "l", "t")
        await pilot.pause()
        assert field.value == "qlt"
        assert app.is_running
        assert app.lang == "en"
        app.screen.set_focus(None)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_quits_even_from_an_input(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = Input()
        await app.screen.mount(field)
        field.focus()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_lab_and_drill_open_something_and_esc_comes_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ("a", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, HomeScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


async def test_first_frame_signal_makes_the_app_exit_by_itself(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What benchmarks/startup.py relies on: exit once the first screen has been painted."""
    monkeypatch.setenv(EXIT_AFTER_FIRST_FRAME_ENV, "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(20):
            if not app.is_running:
                break
            await pilot.pause(0.05)
        assert not app.is_running
