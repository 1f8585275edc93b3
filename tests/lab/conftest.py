"""An app opened straight on the lab, on the fixture lessons with an in-memory store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bp_tutor.ui.app import TutorApp
from bp_tutor.ui.i18n import set_language
from bp_tutor.ui.start import StartTarget

LabAppFactory = Callable[..., TutorApp]


@pytest.fixture(autouse=True)
def _english_between_tests() -> None:
    set_language("en")


@pytest.fixture
def lab_app(tmp_path: Path, data_dir: Path) -> LabAppFactory:
    def build(preset: str | None = "toy-452", lang: str = "en") -> TutorApp:
        # store None: progress is kept in memory; the lab records none anyway.
        return TutorApp(lang, None, start=StartTarget.lab(preset),
                        settings_file=tmp_path / "settings.toml", cursor_blink=False)

    return build
