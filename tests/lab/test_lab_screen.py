"""The lab screen driven with the pilot: what it shows is compared with an independent NumPy
computation of the toy-452 pass (tests/lab/reference.py), not with the engine's trace."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

import numpy as np
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from bp_tutor.lab.steps import as_matrix_shape
from bp_tutor.ui.screens.lab import LabScreen
from bp_tutor.ui.widgets.lab_matrix import HIGHLIGHT_STYLE
from tests.lab.conftest import LabAppFactory
from tests.lab.reference import toy452_reference

ORDER = ["z1", "a1", "z2", "a2", "L", "delta2", "dW2", "db2", "delta1", "dW1", "db1",
         "update_W1", "update_b1", "update_W2", "update_b2"]
NUMBER = re.compile(r"-?\d+\.\d{4}")


async def _lab(pilot: Pilot[None]) -> LabScreen:
    for _ in range(20):
        await pilot.pause()
        if isinstance(pilot.app.screen, LabScreen):
            return pilot.app.screen
    raise AssertionError(f"the lab did not open; the screen is {pilot.app.screen!r}")


def _matrices_text(screen: LabScreen) -> Text:
    content = screen.query_one("#lab-step-matrices", Static).content
    assert isinstance(content, Text)
    return content


def _result_numbers(screen: LabScreen) -> np.ndarray:
    """The numbers of the last matrix drawn (the step's result), row by row."""
    blocks = [b for b in _matrices_text(screen).plain.split("\n\n") if b.strip()]
    rows = blocks[-1].splitlines()[1:]  # the first line is the title
    return np.array([[float(v) for v in NUMBER.findall(row)] for row in rows])


async def test_step_forward_and_back_shows_the_independent_numbers(lab_app: LabAppFactory
                                                                     ) -> None:
    expected = toy452_reference()
    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        seen = []
        for k, name in enumerate(ORDER):
            if k:
                await pilot.press("n")
            header = str(screen.query_one("#lab-step-header", Static).content)
            assert header.startswith(f"Operation {k + 1}/{len(ORDER)}")
            want = expected[name].reshape(as_matrix_shape(expected[name].shape))
            np.testing.assert_allclose(_result_numbers(screen), want, atol=5.1e-5)
            seen.append(screen.sequence.current.name)
        assert seen == ORDER
        for name in reversed(ORDER[:-1]):
            await pilot.press("p")
            want = expected[name].reshape(as_matrix_shape(expected[name].shape))
            np.testing.assert_allclose(_result_numbers(screen), want, atol=5.1e-5)
            assert screen.sequence.current.name == name


async def test_cursor_highlights_the_row_and_column_of_the_product(lab_app: LabAppFactory
                                                                     ) -> None:
    ref = toy452_reference()
    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press("down", "right", "right", "right")  # z¹[1,3]
        assert screen.cursor == (1, 3)
        text = _matrices_text(screen)
        lit = [float(text.plain[s.start:s.end]) for s in text.spans
               if str(s.style) == HIGHLIGHT_STYLE]
        want = [*ref["x"][1], *ref["W1"][:, 3], ref["b1"][3]]
        np.testing.assert_allclose(lit, want, atol=5.1e-5)


async def test_your_turn_right_then_wrong(lab_app: LabAppFactory) -> None:
    ref = toy452_reference()
    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press("y")
        assert screen.hidden == (0, 0)
        assert "?" in _matrices_text(screen).plain
        await pilot.press(*"0.3", "enter")  # x·W without the bias
        feedback = str(screen.query_one("#lab-turn-feedback", Static).content)
        assert "Not quite" in feedback and "The bias was left out" in feedback
        assert screen.hidden == (0, 0)
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press(*f"{ref['z1'][0, 0]:.4f}", "enter")
        feedback = str(screen.query_one("#lab-turn-feedback", Static).content)
        assert feedback.startswith("Right") and screen.hidden is None


async def test_escape_reveals_the_hidden_entry(lab_app: LabAppFactory) -> None:
    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press("n", "y", "escape")
        assert screen.hidden is None and isinstance(pilot.app.screen, LabScreen)
        feedback = str(screen.query_one("#lab-turn-feedback", Static).content)
        assert feedback.startswith("a¹[0,0] = ")


async def test_a_second_turn_asks_again_and_a_reveal_is_seen(lab_app: LabAppFactory) -> None:
    """After a right answer the box shows the verdict alone; the next turn brings back the prompt
    and the field, and escape leaves the revealed value on screen."""
    ref = toy452_reference()
    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press("y", *f"{ref['z1'][0, 0]:.4f}", "enter")
        assert screen.query_one("#lab-turn").display
        assert not screen.query_one("#lab-turn-input").display
        await pilot.press("n", "y")
        assert screen.query_one("#lab-turn-prompt").display
        assert screen.query_one("#lab-turn-input").display
        assert pilot.app.focused is screen.query_one("#lab-turn-input")
        await pilot.press("escape")
        assert screen.query_one("#lab-turn").display
        assert not screen.query_one("#lab-turn-input").display
        feedback = str(screen.query_one("#lab-turn-feedback", Static).content)
        assert feedback == f"a¹[0,0] = {ref['a1'][0, 0]:.4f}."


async def _wait_for(condition: Callable[[], bool], pilot: Pilot[None], seconds: float = 5.0
                    ) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
        await pilot.pause()
    raise AssertionError("condition not reached in time")


async def test_train_pause_resume(lab_app: LabAppFactory) -> None:
    async with lab_app("moons").run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        session = screen.session
        assert session is not None
        await pilot.press("2", "space")
        await _wait_for(lambda: session.snapshot().steps > 50, pilot)
        await pilot.press("space")
        assert session.state == "paused"
        await pilot.pause()
        paused_at = session.snapshot().steps
        await asyncio.sleep(0.1)
        assert session.snapshot().steps == paused_at
        await pilot.press("s")
        assert session.snapshot().steps == paused_at + 1
        await pilot.press("space")
        await _wait_for(lambda: session.snapshot().steps > paused_at + 50, pilot)
        await pilot.press("space")
        await pilot.pause()
        status = str(screen.query_one("#lab-train-status", Static).content)
        assert status.startswith("paused")


async def test_huge_learning_rate_diverges_with_an_explanation(lab_app: LabAppFactory) -> None:
    async with lab_app("blobs").run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        session = screen.session
        assert session is not None
        await pilot.press("2", *["plus"] * 12)  # η = 0.1 · 2¹² ≈ 410
        assert session.learning_rate == 0.1 * 2**12
        await pilot.press("space")
        await _wait_for(lambda: session.state == "diverged", pilot)
        await asyncio.sleep(0.3)
        await pilot.pause()
        message = str(screen.query_one("#lab-train-message", Static).content)
        assert "Diverged at step" in message and "too large" in message
        assert all(np.isfinite(p).all() for p in session.net.params)
        await pilot.press(*["minus"] * 12, "space")
        await _wait_for(lambda: session.snapshot().steps > 20, pilot)
        await pilot.press("space")
        assert session.snapshot().diverged is None


async def test_unknown_preset_opens_the_settings_form(lab_app: LabAppFactory) -> None:
    async with lab_app("no-such-preset").run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        assert screen.mode == "settings" and screen.preset is None


async def test_settings_form_rejects_bad_layers_and_applies_good_ones(lab_app: LabAppFactory
                                                                        ) -> None:
    from textual.widgets import Input

    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press("4")
        form = screen.query_one("#lab-settings")
        form.query_one("#lab-set-preset").value = ""  # type: ignore[attr-defined]
        layers = form.query_one("#lab-set-layers", Input)
        layers.value = "5 sigmod, 2 softmax"
        form.apply()  # type: ignore[attr-defined]
        await pilot.pause()
        error = str(screen.query_one("#lab-settings-error", Static).content)
        assert "sigmod" in error and error.splitlines()[-1].endswith("  ^")
        layers.value = "3 tanh, 2 softmax"
        form.apply()  # type: ignore[attr-defined]
        await pilot.pause()
        assert screen.mode == "step" and screen.setup.spec.layers[0].units == 3


async def test_gradient_check_panel(lab_app: LabAppFactory) -> None:
    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press("3")
        assert screen.report is not None and screen.report.passed
        assert [row.name for row in screen.report.rows] == ["W1", "b1", "W2", "b2"]
