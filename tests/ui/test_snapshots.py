"""SVG snapshots of the home screen and a lesson: English and Chinese, 80×24 and 120×40.

Stable by construction: a private data folder, an empty fake store, a fixed language, nothing
time-dependent on screen, cursor blink off. Regenerate after an intended change with
`python3 -m pytest tests/ui/test_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from typing import Any

import pytest

from bp_tutor.paths import lessons_dir
from bp_tutor.ui.start import StartTarget
from tests.ui.conftest import AppFactory
from tests.ui.fakes import FIXTURE_LESSONS

SIZES = [(80, 24), (120, 40)]
LANGS = ["en", "zh"]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_home_fixture(
    snap_compare: Any, make_app: AppFactory, lang: str, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(lang=lang), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_lesson_fixture(
    snap_compare: Any, make_app: AppFactory, lang: str, size: tuple[int, int]
) -> None:
    app = make_app(lang=lang, start=StartTarget.lesson("neuron", 2))
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_home_shipped_lessons(
    snap_compare: Any, make_app: AppFactory, lang: str, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(lang=lang, lessons_root=lessons_dir()), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_lesson_shipped_lessons(
    snap_compare: Any, make_app: AppFactory, lang: str, size: tuple[int, int]
) -> None:
    app = make_app(lang=lang, lessons_root=lessons_dir(), start=StartTarget.lesson("neuron", 1))
    assert snap_compare(app, terminal_size=size)


def test_fixture_lessons_are_not_the_shipped_ones() -> None:
    assert FIXTURE_LESSONS.resolve() != lessons_dir().resolve()
