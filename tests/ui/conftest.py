"""Fixtures for the UI tests: an app on fixture lessons, a fake store and a private data folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bp_tutor.ui.app import TutorApp
from bp_tutor.ui.i18n import set_language
from bp_tutor.ui.start import StartTarget
from tests.ui.fakes import FIXTURE_LESSONS, FakeStore

AppFactory = Callable[..., TutorApp]


@pytest.fixture(autouse=True)
def _english_between_tests() -> None:
    """The language is process-wide state; every test starts from English."""
    set_language("en")


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def make_app(data_dir: Path, store: FakeStore) -> AppFactory:
    """Build a TutorApp on the fixture lessons with the fake store (override any argument)."""

    def build(
        lang: str = "en",
        start: StartTarget | None = None,
        store_override: FakeStore | None = None,
        lessons_root: Path = FIXTURE_LESSONS,
    ) -> TutorApp:
        return TutorApp(
            lang,
            store_override if store_override is not None else store,
            lessons_root,
            start,
            cursor_blink=False,
        )

    return build
