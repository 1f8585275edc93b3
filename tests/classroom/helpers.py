"""A real `bp-tutor serve` in a subprocess on a free loopback port, and SSH clients for it."""

from __future__ import annotations

import asyncio
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import asyncssh

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
HOME_MARKER = b"Lessons ("  # the home screen's curriculum heading ("Lessons (0 of 12 done)")
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def plain(data: bytes) -> str:
    """Terminal output without escape sequences."""
    return ANSI.sub(b"", data).decode("utf-8", "replace")


class ServerProcess:
    """`python -m bp_tutor serve` with extra options; `port` is read back from its banner."""

    def __init__(
        self, data_dir: Path, options: Sequence[str] = (), db: str | None = None, lang: str | None = "en"
    ) -> None:
        self.data_dir = data_dir
        self.db: Path | str = db if db is not None else data_dir / "class.sqlite3"
        # Without --lang the server's own locale decides: make it English whatever runs the tests.
        env = dict(os.environ, BP_TUTOR_DATA_DIR=str(data_dir), PYTHONPATH=str(REPO), LANG="C.UTF-8")
        for name in ("LC_ALL", "LC_MESSAGES"):
            env.pop(name, None)
        language = ["--lang", lang] if lang else []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bp_tutor", *language, "serve", "--host", "127.0.0.1",
             "--port", "0", "--db", str(self.db), *options],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.banner = self._read_banner()
        found = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.banner)
        if found is None:
            self.stop()
            raise AssertionError(f"server did not start:\n{self.banner}")
        self.port = int(found.group(1))

    def _read_banner(self) -> str:
        assert self.process.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT
        text = b""
        while b"Ctrl+C" not in text and time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 4096)
                if not chunk:
                    break
                text += chunk
        return text.decode("utf-8", "replace")

    def descendants(self) -> set[int]:
        """Every live process below the server (the zygote and the students' tutors)."""
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] == "Z":
                continue
            parents[int(entry.name)] = int(fields[1])
        found: set[int] = set()
        frontier = {self.process.pid}
        while frontier:
            frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
            found |= frontier
        return found

    def student_pids(self) -> set[int]:
        """The tutors: forked by the zygote, which is the server's own child."""
        return {pid for pid in self.descendants() if _parent(pid) != self.process.pid}

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


async def connect(port: int, name: str = "ana", **options: Any) -> asyncssh.SSHClientConnection:
    options.setdefault("known_hosts", None)
    options.setdefault("agent_path", None)
    options.setdefault("client_keys", None)
    return await asyncio.wait_for(
        asyncssh.connect("127.0.0.1", port, username=name, **options), 15
    )


async def open_tutor(
    conn: asyncssh.SSHClientConnection, size: tuple[int, int] = (100, 30)
) -> asyncssh.SSHClientProcess[bytes]:
    return await asyncio.wait_for(
        conn.create_process(term_type="xterm-256color", term_size=size, encoding=None), 15
    )


async def read_until(process: asyncssh.SSHClientProcess[bytes], marker: bytes, timeout: float = 15) -> bytes:
    """Output up to and including `marker`; AssertionError with what came if it does not."""
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"{marker!r} did not appear in {timeout} s; got:\n{plain(seen)[-2000:]}")
        try:
            chunk = await asyncio.wait_for(process.stdout.read(65536), remaining)
        except TimeoutError:
            continue
        if not chunk:
            raise AssertionError(f"session ended before {marker!r}; got:\n{plain(seen)[-2000:]}")
        seen += chunk
    return seen


async def read_for(process: asyncssh.SSHClientProcess[bytes], seconds: float) -> bytes:
    """Everything the session prints during the next `seconds` (or until it ends)."""
    seen = b""
    deadline = time.monotonic() + seconds
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            chunk = await asyncio.wait_for(process.stdout.read(65536), remaining)
        except TimeoutError:
            break
        if not chunk:
            break
        seen += chunk
    return seen


def wait_until(condition: Any, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())
