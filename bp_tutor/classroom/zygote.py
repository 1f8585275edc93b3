"""The zygote: one process that has already imported the tutor (Textual, NumPy, the app, the
lessons) and forks a student process per connection, so a login costs a fork, not a Python start.

The server starts it with `python -m bp_tutor.classroom.zygote FD` before its event loop runs, and
talks to it over a Unix SOCK_SEQPACKET socket pair (one datagram per message, JSON):

  server -> zygote  {"spawn": ID, "request": {...SessionRequest...}}  + the PTY slave (SCM_RIGHTS)
  zygote -> server  {"ready": PID}                  once, after preloading
                    {"spawned": ID, "pid": PID}     or {"spawned": ID, "error": "..."}
                    {"exited": PID, "status": N}    when a student process ended (reaped here)

The zygote is single-threaded, which is what makes fork safe. Before it forks it calls
gc.freeze(): the preloaded objects move to a permanent generation the collector never touches, so
their pages are not written (and copied) in every child. When the server's end of the socket
closes, for whatever reason, the zygote ends all its children and exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bp_tutor.classroom.student_process import SessionRequest

MAX_MESSAGE = 65536
# The lesson folder the server was given (if not the shipped one), so the zygote preloads it.
LESSONS_ROOT_ENV = "BP_TUTOR_CLASSROOM_LESSONS"
# Lesson files of a teacher's folder that failed `bp-tutor check` (a JSON list): not served.
LEAVE_OUT_ENV = "BP_TUTOR_CLASSROOM_LEAVE_OUT"
READY_TIMEOUT_SECONDS = 120.0
CHILD_GRACE_SECONDS = 2.0


class ZygoteError(RuntimeError):
    """The zygote could not be started or stopped answering."""


# -- the zygote process ---------------------------------------------------------------------------


def preload() -> None:
    """Import everything a student session needs, so children start with it in memory."""
    import numpy  # noqa: F401
    import textual.app
    import textual.drivers.linux_driver  # noqa: F401

    import bp_tutor.progress  # noqa: F401
    from bp_tutor.classroom import session_app
    from bp_tutor.ui import i18n

    i18n.string_tables()
    for module in (
        "bp_tutor.ui.screens.lesson",
        "bp_tutor.ui.screens.help",
        "bp_tutor.ui.screens.lab",
        "bp_tutor.ui.screens.quiz",
        "bp_tutor.lessons.loader",
        "textual.widgets",
        "sqlite3",
        "psycopg",
    ):
        # A screen not written yet, or PostgreSQL support not installed.
        with contextlib.suppress(ImportError):
            __import__(module)
    lessons_root = Path(os.environ[LESSONS_ROOT_ENV]) if os.environ.get(LESSONS_ROOT_ENV) else None
    leave_out = [Path(p) for p in json.loads(os.environ.get(LEAVE_OUT_ENV) or "[]")]
    session_app.preload_lessons(lessons_root, leave_out)
    # Not done here on purpose: running the app once headless before forking. It saves each
    # session ~0.05 s of CPU but costs ~3 MB more private memory per session, because the caches it
    # fills live on pages that every child then copies as it touches their reference counts.
    if threading.active_count() != 1:
        # fork() copies only the calling thread; a lock held by another would stay locked forever.
        raise ZygoteError("the session process must be single-threaded before it forks")


def _send(sock: socket.socket, message: dict[str, Any]) -> None:
    # If the server is gone, the main loop notices the EOF.
    with contextlib.suppress(OSError):
        sock.send(json.dumps(message).encode("utf-8"))


def _end_children(children: set[int]) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + CHILD_GRACE_SECONDS
    while children and time.monotonic() < deadline:
        _reap(children, None)
        time.sleep(0.05)
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    while children:
        try:
            pid, _ = os.waitpid(-1, 0)
        except ChildProcessError:
            break
        children.discard(pid)


def _reap(children: set[int], sock: socket.socket | None) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children.discard(pid)
        if sock is not None:
            _send(sock, {"exited": pid, "status": os.waitstatus_to_exitcode(status)})


def zygote_main(fd: int) -> int:
    sock = socket.socket(fileno=fd)
    # Ctrl-C at the teacher's terminal reaches the whole process group; the server decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The server sends SIGUSR1 to a student's tutor when another session under the same name
    # starts. Ignored until the tutor's app handles it: a tutor still starting up must not die of
    # it (its default action), and children inherit this.
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)
    preload()
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    os.set_blocking(wake_read, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGTERM, lambda *_: None)
    children: set[int] = set()
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ, "request")
    selector.register(wake_read, selectors.EVENT_READ, "signal")
    gc.collect()
    gc.freeze()
    sys.stdout.flush()
    sys.stderr.flush()
    _send(sock, {"ready": os.getpid()})
    terminate = False
    while not terminate:
        for selected, _ in selector.select():
            if selected.data == "signal":
                try:
                    received = os.read(wake_read, 512)
                except BlockingIOError:
                    received = b""
                if signal.SIGTERM in received:
                    terminate = True
                _reap(children, sock)
                continue
            try:
                data, fds, _flags, _addr = socket.recv_fds(sock, MAX_MESSAGE, 4)
            except OSError:
                data, fds = b"", []
            if not data:
                terminate = True
                break
            _handle(sock, data, fds, children, (wake_read, wake_write, selector))
    selector.close()
    _end_children(children)
    return 0


def _handle(
    sock: socket.socket,
    data: bytes,
    fds: list[int],
    children: set[int],
    private: tuple[int, int, selectors.BaseSelector],
) -> None:
    try:
        message = json.loads(data)
        ident = message["spawn"]
        request = SessionRequest(**message["request"])
        if len(fds) != 1:
            raise ValueError(f"expected one PTY descriptor, got {len(fds)}")
    except (ValueError, KeyError, TypeError) as error:
        for extra in fds:
            os.close(extra)
        _send(sock, {"spawned": None, "error": f"bad request: {error}"})
        return
    slave = fds[0]
    pid = os.fork()
    if pid == 0:
        wake_read, wake_write, selector = private
        try:
            selector.close()
            sock.close()
            os.close(wake_read)
            os.close(wake_write)
        finally:
            from bp_tutor.classroom.student_process import run_student

            run_student(slave, request)
    os.close(slave)
    children.add(pid)
    _send(sock, {"spawned": ident, "pid": pid})


# -- the server's side ----------------------------------------------------------------------------


class ZygoteClient:
    """The server's handle on the zygote: start it, ask for sessions, learn when they end."""

    def __init__(self) -> None:
        self._sock: socket.socket | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._next_id = 0
        self._pending: dict[int, asyncio.Future[int]] = {}
        # pid -> its exit status, created the moment the pid is known so no exit is missed.
        self._exits: dict[int, asyncio.Future[int]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lessons_root: str | None = None
        self._leave_out: tuple[str, ...] = ()
        self._restarting: asyncio.Lock | None = None
        self.pid: int | None = None
        self.restarts = 0

    def start(self, lessons_root: str | None = None, leave_out: Sequence[str] = ()) -> None:
        """Start the zygote and wait (blocking) until it has preloaded everything; the lesson
        files in `leave_out` are not served."""
        self._lessons_root = lessons_root
        self._leave_out = tuple(leave_out)
        env = dict(os.environ)
        env.pop(LESSONS_ROOT_ENV, None)
        env[LEAVE_OUT_ENV] = json.dumps(list(self._leave_out))
        if lessons_root is not None:
            env[LESSONS_ROOT_ENV] = lessons_root
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bp_tutor.classroom.zygote", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        theirs.close()
        ours.settimeout(READY_TIMEOUT_SECONDS)
        try:
            data = ours.recv(MAX_MESSAGE)
        except OSError as error:
            self._process.kill()
            raise ZygoteError(f"the session process did not start: {error}") from None
        if not data:
            code = self._process.wait()
            raise ZygoteError(f"the session process exited during start-up (status {code})")
        self.pid = int(json.loads(data)["ready"])
        ours.setblocking(False)
        self._sock = ours

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start listening for replies on `loop` (call from inside the running loop)."""
        assert self._sock is not None
        self._loop = loop
        loop.add_reader(self._sock.fileno(), self._on_readable)

    def _on_readable(self) -> None:
        assert self._sock is not None
        while True:
            try:
                data = self._sock.recv(MAX_MESSAGE)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self._zygote_gone()
                return
            self._dispatch(json.loads(data))

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "spawned" in message:
            future = self._pending.pop(message["spawned"], None)
            if future is None or future.done():
                return
            if "pid" in message:
                assert self._loop is not None
                pid = int(message["pid"])
                self._exits[pid] = self._loop.create_future()
                future.set_result(pid)
            else:
                future.set_exception(ZygoteError(str(message.get("error"))))
        elif "exited" in message:
            pid, status = int(message["exited"]), int(message["status"])
            waiter = self._exits.get(pid)
            if waiter is not None and not waiter.done():
                waiter.set_result(status)

    def _zygote_gone(self) -> None:
        if self._sock is not None:
            if self._loop is not None:
                self._loop.remove_reader(self._sock.fileno())
            self._sock.close()
            self._sock = None  # the next login starts a new zygote (see `spawn`)
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
            self._process.wait()
            self._process = None
        for future in [*self._pending.values(), *self._exits.values()]:
            if not future.done():
                future.set_exception(ZygoteError("the session process has stopped"))
        self._pending.clear()

    async def _restart(self) -> None:
        """Start a new zygote after the last one stopped, without blocking the server's loop."""
        assert self._loop is not None
        if self._restarting is None:
            self._restarting = asyncio.Lock()
        async with self._restarting:
            if self._sock is not None:  # another login restarted it meanwhile
                return
            await self._loop.run_in_executor(None, self.start, self._lessons_root, self._leave_out)
            self.attach(self._loop)
            self.restarts += 1

    async def spawn(self, slave_fd: int, request: SessionRequest) -> int:
        """Fork a student process on `slave_fd`; returns its pid. A zygote that has died since
        the last login (killed, out of memory) is started again first: one lost process must not
        lock the whole class out."""
        if self._loop is None:
            raise ZygoteError("the session process is not running")
        if self._sock is None:
            await self._restart()
        assert self._sock is not None
        self._next_id += 1
        ident = self._next_id
        future: asyncio.Future[int] = self._loop.create_future()
        self._pending[ident] = future
        payload = json.dumps({"spawn": ident, "request": asdict(request)}).encode("utf-8")
        try:
            socket.send_fds(self._sock, [payload], [slave_fd])
        except OSError as error:
            self._pending.pop(ident, None)
            raise ZygoteError(f"cannot reach the session process: {error}") from None
        return await future

    async def wait_exit(self, pid: int) -> int:
        """The exit status of a student process (after the zygote has reaped it)."""
        future = self._exits[pid]
        try:
            return await asyncio.shield(future)
        finally:
            if future.done():
                self._exits.pop(pid, None)

    def exited(self, pid: int) -> bool:
        """Whether the zygote has reported `pid` gone."""
        future = self._exits.get(pid)
        return future is None or future.done()

    def stop(self) -> None:
        """Close the socket (the zygote then ends every student process) and wait for it."""
        if self._sock is not None:
            if self._loop is not None and not self._loop.is_closed():
                with contextlib.suppress(ValueError, RuntimeError):
                    self._loop.remove_reader(self._sock.fileno())
            self._sock.close()
            self._sock = None
        if self._process is not None:
            try:
                self._process.wait(timeout=CHILD_GRACE_SECONDS + 3)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None


if __name__ == "__main__":
    raise SystemExit(zygote_main(int(sys.argv[1])))
