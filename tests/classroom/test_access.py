"""Who gets in: passwords, keys, failed-login lockout, the session cap and the idle timeout."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import asyncssh
import pytest

from bp_tutor.classroom.passwords import hash_password
from tests.classroom.helpers import (
    HOME_MARKER,
    ServerProcess,
    connect,
    open_tutor,
    plain,
    read_for,
    read_until,
)


@pytest.fixture(scope="module")
def password_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("passwords")
    password_file = folder / "passwords.txt"
    password_file.write_text(
        f"# the class\nana:{hash_password('ana-secret')}\n*:{hash_password('class-pw')}\n"
    )
    server = ServerProcess(folder, ["--password-file", str(password_file), "--max-sessions", "1"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def student_key() -> asyncssh.SSHKey:
    return asyncssh.generate_private_key("ssh-ed25519")


@pytest.fixture(scope="module")
def key_server(
    tmp_path_factory: pytest.TempPathFactory, student_key: asyncssh.SSHKey
) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("keys")
    keys = folder / "authorized_keys"
    public = student_key.export_public_key("openssh").decode().split()
    keys.write_text(f"{public[0]} {public[1]} ana\n")
    # No --lang: each student's locale decides (the server's own is English).
    server = ServerProcess(folder, ["--authorized-keys", str(keys), "--idle-timeout", "0.03"],
                           lang=None)
    yield server
    server.stop()


async def _shows_home(port: int, name: str, **options: object) -> None:
    async with await connect(port, name, **options) as conn:
        process = await open_tutor(conn)
        await read_until(process, HOME_MARKER)
        process.stdin.write(b"\x11")
        await asyncio.wait_for(process.wait_closed(), 10)


async def test_the_right_password_logs_in(password_server: ServerProcess) -> None:
    await _shows_home(password_server.port, "ana", password="ana-secret")


async def test_the_class_password_serves_names_without_their_own(password_server: ServerProcess) -> None:
    await _shows_home(password_server.port, "zoe", password="class-pw")
    # ana has her own line: the class password is not hers.
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(password_server.port, "ana", password="class-pw")


async def test_a_wrong_password_is_refused(password_server: ServerProcess) -> None:
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(password_server.port, "bob", password="guess")


async def test_the_session_cap_holds(password_server: ServerProcess) -> None:
    async with await connect(password_server.port, "ana", password="ana-secret") as first:
        process = await open_tutor(first)
        await read_until(process, HOME_MARKER)
        async with await connect(password_server.port, "zoe", password="class-pw") as second:
            refused = await open_tutor(second)
            message = await read_for(refused, 5)
            await asyncio.wait_for(refused.wait_closed(), 10)
            assert "classroom is full" in plain(message)
            assert refused.exit_status == 1
        process.stdin.write(b"\x11")
        await asyncio.wait_for(process.wait_closed(), 10)


async def test_repeated_failures_lock_the_address_out(password_server: ServerProcess) -> None:
    # This runs last in the module: the lock would refuse the other tests too.
    for _ in range(5):
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(password_server.port, "mallory", password="wrong")
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(password_server.port, "ana", password="ana-secret")


async def test_a_registered_key_logs_in_as_its_owner(
    key_server: ServerProcess, student_key: asyncssh.SSHKey
) -> None:
    await _shows_home(key_server.port, "ana", client_keys=[student_key])
    # The same key cannot be used to become someone else.
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(key_server.port, "bob", client_keys=[student_key])


async def test_an_unknown_key_is_refused(key_server: ServerProcess) -> None:
    stranger = asyncssh.generate_private_key("ssh-ed25519")
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(key_server.port, "ana", client_keys=[stranger])


async def test_an_idle_session_is_ended_with_a_reason(
    key_server: ServerProcess, student_key: asyncssh.SSHKey
) -> None:
    # --idle-timeout 0.03 minutes = 1.8 s without a key press.
    async with await connect(key_server.port, "ana", client_keys=[student_key]) as conn:
        process = await open_tutor(conn)
        await read_until(process, HOME_MARKER)
        tail = await read_until(process, b"Your progress is saved", timeout=15)
        assert "Session ended after 0.03 minutes without input" in plain(tail)
        await asyncio.wait_for(process.wait_closed(), 10)
        assert process.exit_status == 0


async def test_the_servers_own_messages_speak_the_students_language(
    key_server: ServerProcess, student_key: asyncssh.SSHKey
) -> None:
    """A student whose ssh sends a Chinese locale sees the tutor and the idle notice in Chinese."""
    async with await connect(key_server.port, "ana", client_keys=[student_key]) as conn:
        process = await asyncio.wait_for(conn.create_process(
            term_type="xterm-256color", term_size=(100, 30), encoding=None,
            env={"LANG": "zh_CN.UTF-8"}), 15)
        await read_until(process, "课程（".encode())
        tail = await read_until(process, "你的进度已保存".encode(), timeout=15)
        assert "0.03 分钟没有输入，会话已结束。" in plain(tail)
        await asyncio.wait_for(process.wait_closed(), 10)
