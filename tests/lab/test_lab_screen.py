"""The lab screen driven with the pilot: what it shows is compared with an independent NumPy
computation of the toy-452 pass (tests/lab/reference.py), not with the engine's trace."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from bp_tutor.lab.steps import as_matrix_shape
from bp_tutor.ui.screens.lab import LabScreen
from bp_tutor.ui.widgets.lab_matrix import HIGHLIGHT_STYLE
from bp_tutor.ui.widgets.lab_step import StepView
from tests.lab.conftest import LabAppFactory
from tests.lab.reference import toy452_reference
from tests.ui.screen_text import screen_text

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
    lines = _matrices_text(screen).plain.splitlines()
    # Matrix rows start with a bracket; the result is drawn last, under the last title line.
    titles = [k for k, line in enumerate(lines) if line.strip() and line.lstrip()[0] not in "[⎡⎢⎣"]
    rows = lines[titles[-1] + 1:]
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
        assert feedback.startswith("a¹[1,1] = ")


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
        assert feedback == f"a¹[1,1] = {ref['a1'][0, 0]:.4f}."


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
        # moons' 200 epochs take a fraction of a second: without a target, no "finished" races
        # the pauses below.
        session.setup = replace(session.setup, epochs=None)
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
        assert "The weights are back to the initial ones" in message
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


def _lit(screen: LabScreen) -> list[float]:
    text = _matrices_text(screen)
    return [float(text.plain[s.start:s.end]) for s in text.spans if str(s.style) == HIGHLIGHT_STYLE]


async def test_the_whole_product_fits_and_the_right_terms_are_lit(lab_app: LabAppFactory) -> None:
    """The reviewer's case: z¹[2,0] with x[2] = (0,0,1,1). At 80×24 every matrix of op 1 fits
    whole (the blank lines between them give way first), so no "…" hides W¹[2,0] or W¹[3,0]."""
    async with lab_app(None).run_test(size=(80, 24)) as pilot:  # `bp-tutor lab`: the form's network
        screen = await _lab(pilot)
        await pilot.press("escape", "1", "down", "down")  # the lab opens on the form
        await pilot.pause()
        trace = screen.sequence.trace
        x, w1, b1 = (np.asarray(trace[n].value) for n in ("x", "W1", "b1"))
        np.testing.assert_array_equal(x[2], [0, 0, 1, 1])
        assert "…" not in _matrices_text(screen).plain
        np.testing.assert_allclose(_lit(screen), [*x[2], *w1[:, 0], b1[0]], atol=5.1e-5)
        assert screen.query_one("#lab-step").unseen_inputs == 0  # type: ignore[attr-defined]


async def test_your_turn_is_not_asked_when_terms_are_hidden(lab_app: LabAppFactory) -> None:
    """digits: z¹ sums 64 products, which cannot all be shown at 80×24: "your turn" says so
    instead of asking for a sum of numbers the student cannot see; a¹ = σ(z¹) is asked."""
    async with lab_app("digits").run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        text = _matrices_text(screen).plain
        assert "…" in text
        await pilot.press("y")
        assert screen.hidden is None
        feedback = str(screen.query_one("#lab-turn-feedback", Static).content)
        assert "do not fit on the screen" in feedback
        # Every lit cell is a drawn number, and as many of the 64 terms as fit are lit.
        assert len(_lit(screen)) > 4
        await pilot.press("n", "y")
        assert screen.hidden == (0, 0)


async def test_the_loss_header_names_no_layer(lab_app: LabAppFactory) -> None:
    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press(*"nnnn")
        header = str(screen.query_one("#lab-step-header", Static).content)
        assert header == "Operation 5/15 · loss"


async def test_the_scalar_loss_is_named_in_chinese(lab_app: LabAppFactory) -> None:
    async with lab_app(lang="zh").run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press(*"nnnn")
        shown = _matrices_text(screen).plain
        assert "(标量)" in shown and "scalar" not in shown


async def test_a_new_setup_clears_the_last_answer(lab_app: LabAppFactory) -> None:
    ref = toy452_reference()
    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press("y", *f"{ref['z1'][0, 0]:.4f}", "enter")
        assert str(screen.query_one("#lab-turn-feedback", Static).content).startswith("Right")
        await pilot.press("4")
        screen.query_one("#lab-settings").apply()  # type: ignore[attr-defined]
        await pilot.pause()
        assert screen.mode == "step"
        assert str(screen.query_one("#lab-turn-feedback", Static).content) == ""
        assert not screen.query_one("#lab-turn").display


async def test_settings_edits_under_a_preset_are_applied(lab_app: LabAppFactory) -> None:
    from textual.widgets import Input, Select

    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press("4")
        form = screen.query_one("#lab-settings")
        preset = form.query_one("#lab-set-preset", Select)
        assert preset.value == "toy-452"
        form.query_one("#lab-set-learning_rate", Input).value = "0.01"
        await pilot.pause()
        assert preset.value == ""  # editing a field leaves the preset: "(none: use the fields)"
        form.apply()  # type: ignore[attr-defined]
        await pilot.pause()
        assert screen.mode == "step" and screen.setup.learning_rate == 0.01
        assert screen.preset is None


async def test_settings_choosing_a_preset_fills_the_fields(lab_app: LabAppFactory) -> None:
    from textual.widgets import Input, Select

    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press("4")
        form = screen.query_one("#lab-settings")
        form.query_one("#lab-set-preset", Select).value = "spiral"
        await pilot.pause()
        assert form.query_one("#lab-set-learning_rate", Input).value == "0.02"
        assert form.query_one("#lab-set-preset", Select).value == "spiral"
        form.apply()  # type: ignore[attr-defined]
        await pilot.pause()
        assert screen.preset == "spiral" and screen.setup.title == "spiral"


@pytest.mark.parametrize(("lang", "field", "text", "words"), [
    ("en", "layers", "5 foo, 2 softmax", "Layers: unknown activation 'foo'"),
    ("en", "learning_rate", "1e999", "Learning rate: expected a number above 0"),
    ("en", "learning_rate", "abc", "Learning rate: 'abc' is not a number"),
    ("en", "batch_size", "0", "Batch size: expected a whole number"),
    ("en", "seed", "x1", "Seed: 'x1' is not a whole number"),
    ("zh", "layers", "5 foo, 2 softmax", "网络层：未知的激活函数 'foo'；可选："),
    ("zh", "layers", "5 sigmoid, 3 softmax", "网络层：最后一层需要 2 个单元"),
    ("zh", "learning_rate", "1e999", "学习率：应为大于 0 且小于 1000 的数"),
    ("zh", "batch_size", "0", "批大小：应为 1 到 4096 之间的整数"),
    ("zh", "seed", "x1", "随机种子：'x1' 不是整数"),
])
async def test_settings_bad_values_are_reported_even_under_a_preset(
        lab_app: LabAppFactory, lang: str, field: str, text: str, words: str) -> None:
    """In the student's language, the field named once, and the lab left as it was."""
    from textual.widgets import Input

    async with lab_app(lang=lang).run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press("4")
        form = screen.query_one("#lab-settings")
        form.query_one(f"#lab-set-{field}", Input).value = text
        form.apply()  # type: ignore[attr-defined]
        await pilot.pause()
        error = str(screen.query_one("#lab-settings-error", Static).content)
        label = words.split("：")[0].split(":")[0]
        assert error.startswith(words) and error.count(label) == 1, error
        assert screen.mode == "settings" and screen.setup.learning_rate == 0.5


async def test_raising_eta_past_the_cap_says_so(lab_app: LabAppFactory) -> None:
    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        session = screen.session
        assert session is not None
        await pilot.press("2", *["plus"] * 11)  # 0.5 · 2¹⁰ = 512, then one more
        await pilot.pause()
        assert session.learning_rate == 512
        message = str(screen.query_one("#lab-train-message", Static).content)
        assert "as high as it goes" in message


def test_step_ticks_are_whole_numbers() -> None:
    from bp_tutor.ui.widgets.lab_train import step_ticks

    assert step_ticks(3) == [0, 1, 2, 3]
    assert step_ticks(11946) == [0, 5000, 10000]
    assert step_ticks(0) == [0]


async def test_settings_keys_go_to_the_form_until_escape(lab_app: LabAppFactory) -> None:
    """Digits typed in the form are values, not mode switches; esc leaves the form, then the
    digits switch modes again."""
    from textual.widgets import Input

    async with lab_app().run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press("4")
        await pilot.pause()
        assert screen.focused is not None and screen.focused.id == "lab-set-preset"
        await pilot.press("1")  # on the preset list: ignored, not "step mode"
        assert screen.mode == "settings"
        await pilot.press(*["tab"] * 5)  # dataset, layers, loss, optimizer, learning rate
        rate = screen.query_one("#lab-set-learning_rate", Input)
        assert screen.focused is rate
        rate.value = ""
        await pilot.press(*"0.01")
        assert rate.value == "0.01" and screen.mode == "settings"
        footer_keys = {a.binding.description for a in screen.active_bindings.values()}
        assert "Leave the form" in footer_keys and "Back" not in footer_keys
        await pilot.press("escape")
        assert screen.focused is None and isinstance(pilot.app.screen, LabScreen)
        assert "Back" in {a.binding.description for a in screen.active_bindings.values()}
        await pilot.press("4")  # back into the form
        assert screen.focused is not None and screen.focused.id == "lab-set-preset"
        await pilot.press("escape")
        await pilot.press("1")
        assert screen.mode == "step"


async def test_the_your_turn_box_does_not_push_the_result_off_the_screen(
        lab_app: LabAppFactory) -> None:
    """The form's network at 80×24: every matrix of op 1 fits; with the turn box open below
    them they are drawn again for the lines left, so nothing needs scrolling."""
    async with lab_app(None).run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        await pilot.press("escape", "1", "y")
        await pilot.pause()
        await pilot.pause()
        body = screen.query_one("#lab-step-body")
        assert screen.hidden == (0, 0)
        assert body.max_scroll_y == 0, (body.size, body.virtual_size)


async def test_the_matrices_fit_the_lines_left_as_the_turn_box_opens_and_closes(
        lab_app: LabAppFactory) -> None:
    """Whenever the box changes height the matrices are drawn again for the body's new size:
    what is on screen is what a fresh drawing at that size gives."""
    async with lab_app("moons").run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        view = screen.query_one(StepView)
        body = screen.query_one("#lab-step-body")
        heights = []
        for keys in (("y",), ("escape",), ("n", "y"), ("escape",)):
            await pilot.press(*keys)
            await pilot.pause()
            await pilot.pause()
            heights.append(body.size.height)
            fresh = view.render_step(screen.sequence, screen.cursor, screen.hidden)
            assert _matrices_text(screen).plain == fresh.plain, keys
        assert len(set(heights)) > 1  # the box did change the room left


async def test_the_labs_help_speaks_chinese_names_the_cell_keys_and_scrolls(
        lab_app: LabAppFactory) -> None:
    async with lab_app(lang="zh").run_test(size=(80, 24)) as pilot:
        await _lab(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(pilot.app)
        assert "↑ / ↓ / ← / →   选择结果中的一个单元" in text
        assert "下一运算" in text and "返回" in text
        for english in ("Next", "Back", "Your turn", "Choose a cell"):
            assert english not in text, english
        assert "重新检验" not in text  # below the dialog's edge at 80×24 ...
        await pilot.press("pagedown")  # ... until the list, focused, is scrolled
        await pilot.pause()
        assert "重新检验" in screen_text(pilot.app)


async def test_a_preset_named_by_its_path_opens_and_steps_through_weight_decay(
        lab_app: LabAppFactory, tmp_path) -> None:
    """`bp-tutor lab --preset my.json`: the settings form lists the file as the preset chosen
    (it is in no list of shipped names), and ∂L/∂W under weight decay shows W among its inputs."""
    from textual.widgets import Select

    from tests.lab.reference import DECAY, write_decay_preset

    path, lam = write_decay_preset(tmp_path), DECAY
    async with lab_app(str(path)).run_test(size=(80, 24)) as pilot:
        screen = await _lab(pilot)
        assert screen.mode == "step" and screen.preset == str(path)
        assert screen.query_one("#lab-set-preset", Select).value == str(path)
        for _ in range(ORDER.index("dW2")):
            await pilot.press("n")
        assert screen.sequence.current.name == "dW2"
        trace = screen.sequence.trace
        a1, delta2, w2 = (np.asarray(trace[n].value) for n in ("a1", "delta2", "W2"))
        by_hand = a1[:, 0] @ delta2[:, 0] + lam * w2[0, 0]
        assert _result_numbers(screen)[0, 0] == pytest.approx(by_hand, abs=5e-5)
        assert "λ" in screen_text(screen)
