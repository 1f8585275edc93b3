"""Fixtures for the progress store tests: each store test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bp_tutor.progress import ProgressStore, open_store
from tests.pg import fresh_database

from .helpers import FakeClock, OpenStore


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A location for an empty store on each backend."""
    if request.param == "sqlite":
        return str(tmp_path_factory.mktemp("store") / "progress.sqlite3")
    return fresh_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def open_at(store_url: str, clock: FakeClock) -> Iterator[OpenStore]:
    """open_at(student="ana") opens the test's store with the fake clock; all closed at the end."""
    opened: list[ProgressStore] = []

    def opener(student: str = "local") -> ProgressStore:
        store = open_store(store_url, student=student, clock=clock)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()


@pytest.fixture
def store(open_at: OpenStore) -> ProgressStore:
    return open_at("ana")
