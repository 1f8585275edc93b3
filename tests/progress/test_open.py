"""open_store picks the backend from what it is given and explains anything it cannot use."""

from __future__ import annotations

import socket
import sqlite3
import sys
from pathlib import Path

import pytest

from bp_tutor.progress import StoreError, open_store


def test_default_is_sqlite_in_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BP_TUTOR_DATA_DIR", str(tmp_path / "deep" / "data"))
    with open_store() as store:
        assert store.backend == "sqlite"
        assert store.student == "local"
        store.set_lesson_progress("01-intro", step=1, total_steps=2, done=False)
    assert (tmp_path / "deep" / "data" / "progress.sqlite3").is_file()


def test_path_objects_and_home_expansion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    with open_store("~/nested/p.sqlite3") as store:
        assert store.location == str(tmp_path / "nested" / "p.sqlite3")
    with open_store(tmp_path / "q.sqlite3") as store:
        assert store.backend == "sqlite"


def test_sqlite_settings(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with open_store(path):
        # A second, independent connection sees the persistent WAL mode.
        probe = sqlite3.connect(path)
        assert probe.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        probe.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/db", r"unsupported progress database mysql://\.\.\."),
        ("", "progress database location is empty"),
        ("   ", "progress database location is empty"),
    ],
)
def test_unusable_urls(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        open_store(url)
    assert "postgresql://" in str(caught.value)  # says what is expected


def test_not_a_string() -> None:
    with pytest.raises(StoreError, match="got int"):
        open_store(42)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["", "a" * 33, "has space", "-dash", ".hidden", "名字", "a/b"])
def test_invalid_student_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(StoreError, match="invalid student name"):
        open_store(tmp_path / "p.sqlite3", student=name)
    assert not (tmp_path / "p.sqlite3").exists()


@pytest.mark.parametrize("name", ["a", "A" * 32, "ana.li_2-b", "7"])
def test_valid_student_names(tmp_path: Path, name: str) -> None:
    with open_store(tmp_path / "p.sqlite3", student=name) as store:
        assert store.student == name


def test_postgres_without_psycopg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # makes `import psycopg` fail
    for url in ("postgresql://u@localhost/db", "postgres://u@localhost/db"):
        with pytest.raises(StoreError) as caught:
            open_store(url)
        assert str(caught.value) == ("PostgreSQL support needs psycopg: pip install 'bp-tutor[postgres]'")


def test_unreachable_postgres_is_one_line_without_password() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once closed
    with pytest.raises(StoreError) as caught:
        open_store(f"postgresql://ana:s3cret@127.0.0.1:{port}/class")
    message = str(caught.value)
    assert message.startswith(f"cannot connect to PostgreSQL at postgresql://ana:***@127.0.0.1:{port}")
    assert "s3cret" not in message
    assert "\n" not in message


def test_parent_folder_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the folder"):
        open_store(blocker / "p.sqlite3")


def test_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE invoices (id INTEGER)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a bp-tutor progress database"):
        open_store(path)
    assert path.read_bytes() == before


def test_a_store_says_whether_it_was_just_created(store_url: str) -> None:
    """What `serve` reports, so a mistyped --db is noticed: created only by the first open,
    however little it holds; a damaged file moved aside means a new one."""
    with open_store(store_url, student="teacher") as first:
        assert first.created is True
        assert first.students() == []
    with open_store(store_url, student="teacher") as again:
        assert again.created is False  # still empty, but made before
        assert again.students() == []


def test_a_recovered_database_is_a_new_one(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with open_store(path, recover=True) as store:
        assert store.moved_aside is not None and store.moved_aside.exists()
        assert store.created is True
