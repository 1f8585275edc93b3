"""Servers shared by the tests of one module (each takes a couple of seconds to start)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.classroom.helpers import ServerProcess
from tests.pg import fresh_database, postgres_server  # noqa: F401 - postgres_server is a fixture


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server without passwords: anyone may log in by name."""
    server = ServerProcess(tmp_path_factory.mktemp("open"), lang=None)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def class_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An empty progress database on each backend (a file path, or a postgresql:// URL)."""
    if request.param == "sqlite":
        return str(tmp_path_factory.mktemp("class") / "class.sqlite3")
    return fresh_database(request.getfixturevalue("postgres_server"))
