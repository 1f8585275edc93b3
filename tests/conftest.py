"""Fixtures shared by the whole suite. Keep this small: area-specific fixtures live next to
their tests."""

from __future__ import annotations

import asyncio
import inspect
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# One PostgreSQL server for the whole run (session-scoped; it starts on first use only).
from tests.pg import postgres_server

__all__ = ["postgres_server"]

# CI draws the same examples on every run (a landing must not hang on one unlucky draw); run with
# HYPOTHESIS_PROFILE=explore to draw new ones, as a developer hunting for edge cases would.
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (Textual's pilot is async)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    arguments = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private, empty `bp_tutor.paths.data_dir()` for one test (settings, databases)."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("BP_TUTOR_DATA_DIR", str(folder))
    yield folder
