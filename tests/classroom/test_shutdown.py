"""Stopping the server ends every tutor: politely on SIGTERM, and even when the server is killed."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

from tests.classroom.helpers import (
    HOME_MARKER,
    ServerProcess,
    connect,
    open_tutor,
    plain,
    read_for,
    read_until,
    wait_until,
)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


async def test_sigterm_ends_sessions_with_a_message_and_leaves_nothing(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path)
    try:
        async with await connect(server.port, "gus") as conn:
            process = await open_tutor(conn)
            await read_until(process, HOME_MARKER)
            everything = server.descendants()
            assert len(everything) == 2  # the zygote and gus's tutor
            server.process.send_signal(signal.SIGTERM)
            goodbye = await read_until(process, b"shutting down", timeout=15)
            assert "Your progress is saved" in plain(goodbye + await read_for(process, 1))
            assert await asyncio.to_thread(server.process.wait, 20) == 0
        assert await asyncio.to_thread(wait_until, lambda: not any(map(_alive, everything)), 10)
    finally:
        server.stop()


async def test_a_killed_server_leaves_no_tutor_behind(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path)
    try:
        async with await connect(server.port, "hal") as conn:
            process = await open_tutor(conn)
            await read_until(process, HOME_MARKER)
            everything = server.descendants()
            assert len(everything) == 2
            os.kill(server.process.pid, signal.SIGKILL)
            # The zygote sees its socket close and ends its children; the tutor also loses its
            # terminal (SIGHUP). Neither may linger, let alone spin.
            assert await asyncio.to_thread(wait_until, lambda: not any(map(_alive, everything)), 10)
    finally:
        server.stop()
