"""A damaged or unreadable database file is reported in one line and never overwritten; it is
moved aside only when a fresh start is asked for."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bp_tutor.progress import CorruptStoreError, StoreError, open_store
from bp_tutor.progress.opening import move_aside

from .helpers import answer

MOVED_NAME = re.compile(r"progress\.sqlite3\.corrupt-\d{8}-\d{6}(-\d+)?")


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database, just some bytes " * 40)


def _truncated(path: Path) -> None:
    with open_store(path) as store:
        for n in range(300):
            answer(store, seed=n, answer_text="x" * 200)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _header_only(path: Path) -> None:
    with open_store(path) as store:
        answer(store)
    path.write_bytes(path.read_bytes()[:60])


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("kept")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "garbage": _garbage,
    "truncated": _truncated,
    "header only": _header_only,
    "folder": _folder,
}


def _snapshot(path: Path) -> object:
    if path.is_dir():
        return sorted((p.name, p.read_bytes()) for p in path.iterdir())
    return path.read_bytes()


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damage_is_reported_and_left_alone(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "progress.sqlite3"
    DAMAGE[damage](path)
    before = _snapshot(path)
    with pytest.raises(CorruptStoreError) as caught:
        open_store(path)
    message = str(caught.value)
    assert "\n" not in message
    assert f"left untouched at {path}" in message
    assert _snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.sqlite3"]


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_fresh_start_moves_the_damaged_file_aside(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "progress.sqlite3"
    DAMAGE[damage](path)
    before = _snapshot(path)
    with open_store(path, recover=True) as store:
        assert store.moved_aside is not None
        assert store.moved_aside.parent == tmp_path
        assert MOVED_NAME.fullmatch(store.moved_aside.name)
        assert _snapshot(store.moved_aside) == before
        assert store.attempts() == []
        answer(store, answer_text="new start")
    with open_store(path) as reopened:
        assert reopened.moved_aside is None
        assert [a.answer for a in reopened.attempts()] == ["new start"]


def test_healthy_file_is_not_moved_by_recover(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with open_store(path) as store:
        answer(store, answer_text="keep me")
    with open_store(path, recover=True) as store:
        assert store.moved_aside is None
        assert [a.answer for a in store.attempts()] == ["keep me"]


def test_companion_files_move_with_the_database(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    _garbage(path)
    (tmp_path / "progress.sqlite3-wal").write_bytes(b"old log")
    with open_store(path, recover=True) as store:
        assert store.moved_aside is not None
        moved_log = store.moved_aside.with_name(store.moved_aside.name + "-wal")
        assert moved_log.read_bytes() == b"old log"


def test_moving_aside_twice_in_one_second_keeps_both(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"one")
    first = move_aside(path)
    path.write_bytes(b"two")
    second = move_aside(path)
    assert first != second
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")


def _as_ordinary_user(action: Callable[[], list[str]]) -> list[str]:
    """Run `action` as the unprivileged `postgres` user in a forked child when we are root (root
    reads every file, so permissions can only be tested without it); plain call otherwise.

    The child only uses modules already imported, so it needs no access to the interpreter's
    own (root-only) folders.
    """
    if os.geteuid() != 0:
        return action()
    entry = pwd.getpwnam("postgres")
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.close(reader)
            os.setgroups([])
            os.setgid(entry.pw_gid)
            os.setuid(entry.pw_uid)
            output = action()
        except BaseException as error:
            output = [f"CRASH {error!r}"]
        os.write(writer, "\n".join(output).encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        text = pipe.read().decode()
    os.waitpid(child, 0)
    return text.splitlines()


def test_unreadable_file() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bp-tutor-perm-"))
    try:
        path = folder / "progress.sqlite3"
        _garbage(path)  # content does not matter: it cannot be read at all
        path.chmod(0)
        if os.geteuid() == 0:
            shutil.chown(folder, user="postgres")
        folder.chmod(0o755)

        def attempt() -> list[str]:
            lines = []
            try:
                open_store(path)
                lines.append("OPENED")
            except StoreError as error:
                lines.append(f"ERROR {error}")
            with open_store(path, recover=True) as store:
                lines.append(f"MOVED {store.moved_aside}")
            return lines

        lines = _as_ordinary_user(attempt)
        assert lines[0] == (
            f"ERROR no permission to read {path}; the file was left untouched at {path} "
            "(start fresh to move it aside and begin a new progress database)"
        )
        assert lines[1].startswith(f"MOVED {folder}/progress.sqlite3.corrupt-"), lines
        moved = Path(lines[1].split(" ", 1)[1])
        assert moved.stat().st_mode & 0o777 == 0  # the very same file, untouched
        moved.chmod(0o600)
        assert moved.read_bytes() == b"this is not a database, just some bytes " * 40
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_error_is_a_store_error() -> None:
    assert issubclass(CorruptStoreError, StoreError)
