"""Schema versions: old databases are upgraded in place, newer ones are refused untouched."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from bp_tutor.progress import LATEST_VERSION, NewerSchemaError, StoreError, open_store
from bp_tutor.progress.database import Database
from bp_tutor.progress.postgres_db import connect_postgres
from bp_tutor.progress.schema import MIGRATIONS, migrate
from bp_tutor.progress.sqlite_db import connect_sqlite
from tests.pg import fresh_database

from .helpers import START, FakeClock


def _raw(url: str) -> Any:
    """A plain driver connection (autocommit), outside the store."""
    if url.startswith("postgresql://"):
        import psycopg

        return psycopg.connect(url, autocommit=True)
    return sqlite3.connect(url, isolation_level=None)


def _sql(url: str, text: str) -> str:
    return text.replace("?", "%s") if url.startswith("postgresql://") else text


def _versions(url: str) -> list[int]:
    connection = _raw(url)
    try:
        rows = connection.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    finally:
        connection.close()
    return [row[0] for row in rows]


def _connect(url: str) -> Database:
    return connect_postgres(url) if url.startswith("postgresql://") else connect_sqlite(Path(url))


def _make_version_1(url: str) -> None:
    db = _connect(url)
    try:
        assert migrate(db, target=1) == 1
    finally:
        db.close()
    connection = _raw(url)
    try:
        connection.execute(
            _sql(url, "INSERT INTO students (name, created_at) VALUES (?, ?)"),
            ("ana", START.timestamp()),
        )
        connection.execute(
            _sql(
                url,
                "INSERT INTO attempts (student, at, kind, topic, seed, answer, verdict, "
                "misconception, seconds, lesson_id, part) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ),
            (
                "ana",
                START.timestamp(),
                "w_grad",
                "chain",
                3,
                "0.1",
                "wrong",
                "sign_flip",
                4.0,
                "02-chain",
                1,
            ),
        )
        connection.execute(
            _sql(
                url,
                "INSERT INTO lesson_progress (student, lesson_id, step, total_steps, done, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            ),
            ("ana", "02-chain", 2, 5, 0, START.timestamp()),
        )
    finally:
        connection.close()


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert LATEST_VERSION == len(MIGRATIONS) >= 2


def test_version_1_database_is_upgraded_with_its_data(store_url: str, clock: FakeClock) -> None:
    _make_version_1(store_url)
    assert _versions(store_url) == [1]
    with open_store(store_url, student="ana", clock=clock) as store:
        assert _versions(store_url) == list(range(1, LATEST_VERSION + 1))
        (old,) = store.attempts()
        assert (old.kind, old.answer, old.misconception, old.at) == (
            "w_grad",
            "0.1",
            "sign_flip",
            START,
        )
        assert store.lesson_progress()["02-chain"].step == 2
        # Tables from later versions work.
        session = store.session_start("02-chain")
        assert [s.student for s in store.active_sessions()] == ["ana"]
        store.session_end(session)


def _fingerprint(url: str) -> object:
    """What must not change: the file's bytes (SQLite), or tables and versions (PostgreSQL)."""
    if url.startswith("postgresql://"):
        connection = _raw(url)
        try:
            tables = connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            ).fetchall()
            versions = connection.execute("SELECT * FROM schema_version ORDER BY 1").fetchall()
            attempts = connection.execute("SELECT * FROM attempts ORDER BY id").fetchall()
        finally:
            connection.close()
        return tables, versions, attempts
    return hashlib.sha256(Path(url).read_bytes()).hexdigest()


def test_newer_database_is_refused_and_left_alone(store_url: str, clock: FakeClock) -> None:
    with open_store(store_url, student="ana", clock=clock) as store:
        store.record_attempt(
            kind="k",
            topic="t",
            seed=1,
            answer="1",
            verdict="right",
            misconception=None,
            seconds=1.0,
        )
    connection = _raw(store_url)
    connection.execute(
        _sql(store_url, "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"),
        (LATEST_VERSION + 7, 0.0),
    )
    connection.close()
    before = _fingerprint(store_url)
    for recover in (False, True):
        with pytest.raises(NewerSchemaError) as caught:
            open_store(store_url, student="ana", recover=recover)
        message = str(caught.value)
        assert f"schema version {LATEST_VERSION + 7}" in message
        assert "newer bp-tutor" in message and "left untouched" in message
        assert _fingerprint(store_url) == before
    if not store_url.startswith("postgresql://"):
        assert [p.name for p in Path(store_url).parent.iterdir()] == [Path(store_url).name]


@pytest.mark.postgres
def test_postgres_database_with_other_tables_is_shared_but_clashes_refused(
    postgres_server: str,
) -> None:
    url = fresh_database(postgres_server)
    connection = _raw(url)
    connection.execute("CREATE TABLE invoices (id INTEGER)")
    connection.close()
    with open_store(url, student="ana") as store:  # unrelated tables are fine
        assert store.students() == []
    clash = fresh_database(postgres_server)
    connection = _raw(clash)
    connection.execute("CREATE TABLE attempts (id INTEGER)")
    connection.close()
    with pytest.raises(StoreError, match=r"not a bp-tutor progress database.*attempts"):
        open_store(clash)


def test_many_first_openers_migrate_exactly_once(store_url: str) -> None:
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def first_open(n: int) -> None:
        try:
            barrier.wait()
            with open_store(store_url, student=f"s{n}") as store:
                store.record_attempt(
                    kind="k",
                    topic="t",
                    seed=n,
                    answer="1",
                    verdict="right",
                    misconception=None,
                    seconds=1.0,
                )
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=first_open, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _versions(store_url) == list(range(1, LATEST_VERSION + 1))
    with open_store(store_url, student="teacher") as teacher:
        assert sorted(a.seed for a in teacher.class_attempts()) == list(range(10))


def test_failed_migration_leaves_the_database_at_its_old_version(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bp_tutor.progress import schema

    _make_version_1(store_url)
    broken = schema.Migration(
        2,
        "half of this works",
        ("CREATE TABLE half_done (id INTEGER)", "CREATE TABLE broken (oops"),
    )
    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], broken))
    db = _connect(store_url)
    try:
        with pytest.raises(StoreError, match="could not upgrade the database schema"):
            migrate(db, target=2)
        assert "half_done" not in db.table_names()
    finally:
        db.close()
    assert _versions(store_url) == [1]
