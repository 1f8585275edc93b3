"""Real SSH sessions against a running `bp-tutor serve` on loopback."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import time
from pathlib import Path

import asyncssh
import pytest

from bp_tutor.commands.errors import cell_width
from bp_tutor.progress import open_store
from tests.classroom.helpers import (
    HOME_MARKER,
    ServerProcess,
    _parent,
    connect,
    open_tutor,
    plain,
    read_for,
    read_until,
    wait_until,
)
from tests.pg import fresh_database


async def test_a_session_renders_the_home_screen(open_server: ServerProcess) -> None:
    async with await connect(open_server.port, "ana") as conn:
        process = await open_tutor(conn)
        seen = await read_until(process, HOME_MARKER)
        assert "bp-tutor" in plain(seen)
        process.stdin.write(b"\x11")  # ctrl+q
        await asyncio.wait_for(process.wait_closed(), 10)
        assert process.exit_status == 0


async def test_the_students_locale_picks_the_language(open_server: ServerProcess) -> None:
    async with await connect(open_server.port, "lin") as conn:
        process = await asyncio.wait_for(
            conn.create_process(
                term_type="xterm-256color", term_size=(100, 30), encoding=None,
                env={"LANG": "zh_CN.UTF-8"},
            ),
            15,
        )
        await read_until(process, "课程（已完成".encode())
        process.stdin.write(b"\x11")
        await asyncio.wait_for(process.wait_closed(), 10)


def _widest_row(data: bytes) -> int:
    """The widest stretch of text drawn without moving the cursor (a full row is the window's
    width), in terminal cells."""
    pieces = re.split(rb"\x1b\[[0-9;]*[HfABCDG]|\r|\n", data)
    return max((cell_width(plain(piece)) for piece in pieces), default=0)


async def test_a_resize_lays_the_screen_out_again(open_server: ServerProcess) -> None:
    async with await connect(open_server.port, "ben") as conn:
        process = await open_tutor(conn, size=(100, 30))
        before = await read_until(process, HOME_MARKER) + await read_for(process, 0.5)
        assert _widest_row(before) == 100
        process.change_terminal_size(120, 40)
        after = b""
        deadline = asyncio.get_running_loop().time() + 15
        while _widest_row(after) < 120 and asyncio.get_running_loop().time() < deadline:
            after += await read_for(process, 0.2)
        # Rows as wide as the new window: the tutor has laid itself out again, and no wider.
        assert _widest_row(after) == 120
        process.stdin.write(b"\x11")
        await asyncio.wait_for(process.wait_closed(), 10)


async def test_a_command_is_refused_with_the_line_that_works(open_server: ServerProcess) -> None:
    before = open_server.student_pids()
    async with await connect(open_server.port, "cleo") as conn:
        result = await asyncio.wait_for(conn.run("cat /etc/passwd"), 10)
    assert result.exit_status == 1
    assert result.stdout == ""
    assert result.stderr == (
        "This classroom runs no commands (you asked for 'cat /etc/passwd'); it serves the tutor "
        f"in an interactive terminal: ssh -p {open_server.port} cleo@127.0.0.1\n")
    assert open_server.student_pids() == before  # no tutor was started for it


async def test_a_command_is_refused_in_the_students_language(open_server: ServerProcess) -> None:
    async with await connect(open_server.port, "cleo") as conn:
        result = await asyncio.wait_for(conn.run("ls", env={"LANG": "zh_CN.UTF-8"}), 10)
    assert result.exit_status == 1
    assert result.stderr == (
        "本教室不执行命令（你请求的是“ls”），只在交互式终端里提供导师程序："
        f"ssh -p {open_server.port} cleo@127.0.0.1\n")


async def test_a_shell_without_a_pty_is_refused(open_server: ServerProcess) -> None:
    async with await connect(open_server.port, "cleo") as conn:
        process = await asyncio.wait_for(conn.create_process(encoding=None), 10)
        await asyncio.wait_for(process.wait_closed(), 10)
        message = (await process.stderr.read()).decode()
    assert process.exit_status == 1
    assert message.startswith("The tutor needs an interactive terminal and this connection has "
                              "none (ssh -T, or input that is not a terminal).")
    assert message.endswith(f"Connect with: ssh -p {open_server.port} cleo@127.0.0.1\n")


async def test_port_forwarding_is_refused(open_server: ServerProcess) -> None:
    async with await connect(open_server.port, "dan") as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await asyncio.wait_for(
                conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", open_server.port), 10
            )
        with pytest.raises(asyncssh.ChannelListenError):
            await asyncio.wait_for(conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 22), 10)


async def test_sftp_and_scp_are_refused(open_server: ServerProcess) -> None:
    refused = ("File transfer (sftp, scp) is not available in this classroom; it serves the tutor "
               f"in an interactive terminal: ssh -p {open_server.port} dan@127.0.0.1\n")
    async with await connect(open_server.port, "dan") as conn:
        with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
            await asyncio.wait_for(conn.start_sftp_client(), 10)
        # What an SFTP client gets: nothing on stdout (its protocol), one line on stderr.
        sftp = await asyncio.wait_for(conn.create_process(subsystem="sftp", encoding=None), 10)
        await asyncio.wait_for(sftp.wait_closed(), 10)
        assert (sftp.exit_status, await sftp.stdout.read()) == (1, b"")
        assert (await sftp.stderr.read()).decode() == refused
        # Legacy scp (scp -O) runs `scp -t` as a command.
        legacy = await asyncio.wait_for(conn.run("scp -t /tmp"), 10)
        assert (legacy.exit_status, legacy.stderr) == (1, refused)


async def test_an_invalid_name_cannot_log_in(open_server: ServerProcess) -> None:
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(open_server.port, "-rm")


async def test_a_dropped_connection_leaves_no_process_and_keeps_progress(open_server: ServerProcess) -> None:
    before = open_server.student_pids()
    conn = await connect(open_server.port, "eve")
    process = await open_tutor(conn)
    await read_until(process, HOME_MARKER)
    started = open_server.student_pids() - before
    assert len(started) == 1
    process.stdin.write(b"\r")  # open the first lesson: step 1 is saved
    await read_for(process, 1.0)
    process.stdin.write(b"n")  # next step: step 2 is saved
    await read_for(process, 1.0)
    conn.abort()  # the client vanishes without closing the channel
    assert await asyncio.to_thread(
        wait_until, lambda: not (open_server.student_pids() & started), 10
    ), "the student's tutor is still running"
    with open_store(open_server.db, student="teacher") as store:
        positions = store.lesson_progress("eve")
        assert [p.step for p in positions.values()] == [2]
        # The tutor ended cleanly on SIGTERM and said goodbye to the dashboard.
        assert "eve" not in {session.student for session in store.active_sessions()}


@pytest.mark.postgres
async def test_sessions_save_to_postgresql(tmp_path: Path, postgres_server: str) -> None:
    url = fresh_database(postgres_server)
    server = ServerProcess(tmp_path, db=url)
    try:
        async with await connect(server.port, "ida") as conn:
            process = await open_tutor(conn)
            await read_until(process, HOME_MARKER)
            process.stdin.write(b"\r")  # open the first lesson: its position is saved
            await read_for(process, 1.0)
            with open_store(url, student="teacher") as store:
                assert [s.student for s in store.active_sessions()] == ["ida"]
                assert [p.step for p in store.lesson_progress("ida").values()] == [1]
            process.stdin.write(b"\x11")
            await asyncio.wait_for(process.wait_closed(), 10)
        with open_store(url, student="teacher") as store:
            assert store.active_sessions() == []
    finally:
        server.stop()


async def test_a_login_after_the_session_process_died_starts_a_new_one(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path)
    try:
        [zygote] = [pid for pid in server.descendants() if _parent(pid) == server.process.pid]
        os.kill(zygote, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while zygote in server.descendants() and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # the server notices the socket closing
        async with await connect(server.port, "ana") as conn:
            process = await open_tutor(conn)
            seen = await read_until(process, HOME_MARKER, timeout=60)
            assert "bp-tutor" in plain(seen)
            process.stdin.write(b"\x11")  # ctrl+q
            await asyncio.wait_for(process.wait_closed(), 10)
        [new_zygote] = [pid for pid in server.descendants() if _parent(pid) == server.process.pid]
        assert new_zygote != zygote
    finally:
        assert server.stop() == 0
