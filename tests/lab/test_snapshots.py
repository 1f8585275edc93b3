"""Screenshots of the lab at 80×24, in English and Chinese: the step view on a matrix product with
the cell cursor moved, and the train view paused after a fixed number of single steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from bp_tutor.ui.screens.lab import LabScreen
from tests.lab.conftest import LabAppFactory

SIZE = (80, 24)


async def _until_lab(pilot: Pilot[None]) -> None:
    for _ in range(50):
        await pilot.pause()
        if isinstance(pilot.app.screen, LabScreen):
            return
    raise AssertionError("the lab did not open")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_step_view(snap_compare: Callable[..., bool], lab_app: LabAppFactory, lang: str) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await _until_lab(pilot)
        await pilot.press("n", "n", "down", "right")  # z² = a¹W² + b², cell [1,1]

    assert snap_compare(lab_app("toy-452", lang), terminal_size=SIZE, run_before=before)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_train_view_paused(snap_compare: Callable[..., bool], lab_app: LabAppFactory,
                           lang: str) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await _until_lab(pilot)
        await pilot.press("2", *["s"] * 40)  # forty single mini-batch steps: deterministic
        await pilot.pause()

    assert snap_compare(lab_app("moons", lang), terminal_size=SIZE, run_before=before)


def test_your_turn_view(snap_compare: Callable[..., bool], lab_app: LabAppFactory) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await _until_lab(pilot)
        await pilot.press("n", "y", *"0.5", "enter")

    assert snap_compare(lab_app("toy-452"), terminal_size=SIZE, run_before=before)
