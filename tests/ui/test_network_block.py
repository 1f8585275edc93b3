"""The `network` block's numbers: every shipped preset, including those that name a dataset."""

from __future__ import annotations

import numpy as np
import pytest
from textual.app import App, ComposeResult

from bp_tutor.nn import load_preset, preset_names
from bp_tutor.ui.i18n import set_language
from bp_tutor.ui.widgets.network_block import NetworkBlock, preset_trace, trace_entries

from .screen_text import screen_text


@pytest.mark.parametrize("preset", preset_names())
def test_every_preset_shows_its_loss(preset: str) -> None:
    """The loss shown equals the loss of a plain forward pass (no trace recorded) on the batch."""
    loaded = load_preset(preset)
    expected = loaded.network().loss_value(loaded.x, loaded.y)
    (shown,) = trace_entries(preset, ["L"])
    assert shown.label == "L"
    assert float(shown.lines[0]) == pytest.approx(expected, abs=5e-5)


def test_dataset_preset_traces_its_first_rows() -> None:
    """A preset without x traces the first rows of its dataset: z¹ has one row per such sample."""
    loaded = load_preset("xor")
    assert loaded.spec.x is None and loaded.dataset is not None
    rows = min(loaded.spec.trace_samples, len(loaded.dataset.x_train))
    (z1,) = trace_entries("xor", ["z1"])
    assert z1.shape.startswith(f"{rows}×")
    first = loaded.network().layers[0]
    by_hand = loaded.dataset.x_train[:rows] @ first.W + first.b
    first_row = [float(v) for v in z1.lines[0].strip("[ ]").split()]
    assert np.allclose(first_row, by_hand[0], atol=5e-5)


def test_a_preset_is_traced_once() -> None:
    preset_trace.cache_clear()
    trace_entries("neuron", ["z1"])
    trace_entries("neuron", ["a1", "L"])
    assert preset_trace.cache_info().misses == 1
    assert preset_trace.cache_info().hits == 1


def test_unknown_entry_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        trace_entries("neuron", ["nothing"])


class _Block(App[None]):
    def compose(self) -> ComposeResult:
        yield NetworkBlock("neuron", ["L"])


@pytest.mark.parametrize(("lang", "word", "other"), [("zh", "标量", "scalar"), ("en", "scalar", "标量")])
async def test_a_scalar_entry_is_named_in_the_students_language(lang: str, word: str, other: str) -> None:
    set_language(lang)
    app = _Block()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    assert word in text and other not in text, text
