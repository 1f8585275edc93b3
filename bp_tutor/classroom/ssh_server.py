"""The classroom SSH server: who may log in, and one tutor process per interactive session.

Only one kind of session is served: a shell with a PTY. A command (`ssh HOST ls`), a subsystem
(SFTP, and so scp) or a shell without a PTY (`ssh -T`) is accepted only to be answered with one line
on stderr, in the student's language, naming the `ssh` line that works, and exit status 1: a bare
"exec request failed on channel 0" tells a student nothing. Port forwarding, agent and X11
forwarding are refused at the protocol level.

Each accepted session gets a pseudo-terminal made here; its slave end goes to the zygote, which
forks the student's tutor onto it. This process shovels bytes between the SSH channel and the PTY
master, forwards window-size changes (TIOCSWINSZ makes the kernel send SIGWINCH to the tutor) and
notices input for the idle timeout. A session ends when the first of these happens: the tutor exits,
the channel closes, or the student is idle too long; the tutor is then sent SIGTERM, and SIGKILL if
it has not exited after a grace period. Answers are committed as they are given, so nothing a
student already answered is lost however the session ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
import struct
import termios
import time
from dataclasses import dataclass, field
from typing import Any

import asyncssh

from bp_tutor.classroom.identity import NAME_RULE, is_valid_student_name
from bp_tutor.classroom.keys import KeyBook
from bp_tutor.classroom.passwords import PasswordBook
from bp_tutor.classroom.ratelimit import FailureLimiter
from bp_tutor.classroom.refusal import (
    NO_COMMAND,
    NO_TERMINAL,
    NO_TRANSFER,
    REFUSED_STATUS,
    is_file_transfer,
    refusal,
)
from bp_tutor.classroom.student_process import SessionRequest
from bp_tutor.classroom.zygote import ZygoteClient, ZygoteError
from bp_tutor.ui.i18n import detect_language, text_in

TERMINATE_GRACE_SECONDS = 3.0
READ_CHUNK = 65536
DEFAULT_TERM = "xterm-256color"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


@dataclass
class ServerSettings:
    """Everything the server decides by; built by `bp-tutor serve` from its options."""

    host: str = "0.0.0.0"
    port: int = 2222
    db: str | None = None
    lang: str = "en"
    # True when the teacher chose the language (--lang): it then wins over the student's locale.
    lang_chosen: bool = False
    passwords: PasswordBook | None = None
    keys: KeyBook | None = None
    max_sessions: int = 60
    idle_timeout_seconds: float | None = None
    lessons_root: str | None = None
    # Lesson files of the teacher's folder (--lessons) that failed `bp-tutor check`: not served.
    leave_out: tuple[str, ...] = ()

    @property
    def open_door(self) -> bool:
        """Anyone may log in by name alone."""
        return self.passwords is None and self.keys is None


@dataclass
class Classroom:
    """State shared by all connections of one server."""

    settings: ServerSettings
    zygote: ZygoteClient
    limiter: FailureLimiter = field(default_factory=FailureLimiter)
    sessions: set[StudentSession] = field(default_factory=set)
    connections: set[asyncssh.SSHServerConnection] = field(default_factory=set)
    reserved: int = 0


def set_window_size(fd: int, columns: int, rows: int, pixel_width: int = 0, pixel_height: int = 0) -> None:
    """TIOCSWINSZ on the PTY: the kernel tells the process on it with SIGWINCH."""
    size = struct.pack("HHHH", max(rows, 1), max(columns, 1), pixel_height, pixel_width)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, size)


class StudentGate(asyncssh.SSHServer):
    """One SSH connection: authentication by name (and password or key), then sessions."""

    def __init__(self, classroom: Classroom) -> None:
        self._classroom = classroom
        self._conn: asyncssh.SSHServerConnection | None = None
        self._address = "?"
        self._name_ok = True

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._classroom.connections.add(conn)
        peer = conn.get_extra_info("peername")
        self._address = str(peer[0]) if peer else "?"

    def connection_lost(self, exc: Exception | None) -> None:
        if self._conn is not None:
            self._classroom.connections.discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        settings = self._classroom.settings
        self._name_ok = is_valid_student_name(username)
        if not self._name_ok:
            self._banner(text_in(settings.lang, "classroom.server.bad_name", name=username,
                                 rule=NAME_RULE) + "\r\n")
            return True  # every method will fail
        if self._classroom.limiter.locked(self._address):
            self._banner(text_in(settings.lang, "classroom.server.locked") + "\r\n")
            return True
        return not settings.open_door

    def _banner(self, text: str) -> None:
        if self._conn is not None:
            self._conn.send_auth_banner(text)

    def password_auth_supported(self) -> bool:
        return self._classroom.settings.passwords is not None or not self._name_ok

    async def validate_password(self, username: str, password: str) -> bool:
        book = self._classroom.settings.passwords
        limiter = self._classroom.limiter
        if book is None or not self._name_ok or limiter.locked(self._address):
            return False
        # scrypt takes tens of milliseconds and releases the GIL: keep the event loop free.
        loop = asyncio.get_running_loop()
        ok = await loop.run_in_executor(None, book.check, username, password)
        if ok:
            limiter.record_success(self._address)
        else:
            limiter.record_failure(self._address)
        return ok

    def public_key_auth_supported(self) -> bool:
        return self._classroom.settings.keys is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        book = self._classroom.settings.keys
        if book is None or not self._name_ok or self._classroom.limiter.locked(self._address):
            return False
        # Offered-but-unknown keys are not counted as failures: ssh offers every key it has.
        return book.check(username, bytes(key.public_data))

    def session_requested(self) -> StudentSession:
        assert self._conn is not None
        return StudentSession(self._classroom, self._conn.get_extra_info("username"))


class StudentSession(asyncssh.SSHServerSession[bytes]):
    """One interactive session: a PTY, the student's tutor on it, and the bytes in between."""

    def __init__(self, classroom: Classroom, student: str) -> None:
        self._classroom = classroom
        self.student = student
        self._chan: Any = None
        self._pty_requested = False
        # (reason, command) when the session asked for something other than a terminal.
        self._refused: tuple[str, str] | None = None
        self._master: int | None = None
        self.pid: int | None = None
        self._pending_input = bytearray()
        self._app_done = asyncio.Event()
        self._channel_gone = asyncio.Event()
        self._stopping = asyncio.Event()
        self._reading = False
        self.last_input = time.monotonic()
        self.task: asyncio.Task[None] | None = None

    # -- requests --------------------------------------------------------------------------------

    def connection_made(self, chan: Any) -> None:
        self._chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any) -> bool:
        self._pty_requested = True
        return True

    # The requests below are accepted so that `session_started` can say why nothing is served; a
    # request refused here would reach the student as OpenSSH's bare "request failed".

    def shell_requested(self) -> bool:
        if not self._pty_requested:  # without a PTY the tutor cannot draw
            self._refused = (NO_TERMINAL, "")
        return True

    def exec_requested(self, command: str) -> bool:
        self._refused = (NO_TRANSFER if is_file_transfer(command) else NO_COMMAND, command)
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        self._refused = (NO_TRANSFER, subsystem)
        return True

    def session_started(self) -> None:
        if self._refused is not None:
            self._refuse(*self._refused)
            return
        self.task = asyncio.get_running_loop().create_task(self._serve())

    def _refuse(self, reason: str, command: str) -> None:
        """One line on stderr (an SFTP client reads stdout as its protocol), then status 1."""
        sockname = self._chan.get_extra_info("sockname") or ("HOST", self._classroom.settings.port)
        host, port = str(sockname[0]), int(sockname[1])
        text = refusal(self._language(), reason, self.student, host, port, command)
        end = "\r\n" if self._pty_requested else "\n"
        with contextlib.suppress(Exception):
            self._chan.write_stderr((text + end).encode("utf-8"))
        self._finish_channel(REFUSED_STATUS)

    # -- bytes from the client -------------------------------------------------------------------

    def data_received(self, data: bytes, datatype: Any) -> None:
        self.last_input = time.monotonic()
        # Keys typed while the tutor starts are kept and delivered once its terminal exists.
        self._pending_input += data
        self._flush_input()

    def _flush_input(self) -> None:
        master = self._master
        if master is None:
            return
        while self._pending_input:
            try:
                written = os.write(master, self._pending_input)
            except BlockingIOError:
                # The tutor is not reading fast enough; finish when the PTY has room.
                asyncio.get_running_loop().add_writer(master, self._writable)
                return
            except OSError:
                self._pending_input.clear()
                return
            del self._pending_input[:written]

    def _writable(self) -> None:
        if self._master is not None:
            asyncio.get_running_loop().remove_writer(self._master)
        self._flush_input()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if self._master is not None:
            with contextlib.suppress(OSError):
                set_window_size(self._master, width, height, pixwidth, pixheight)

    def eof_received(self) -> bool:
        self._channel_gone.set()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._channel_gone.set()

    # -- bytes from the tutor --------------------------------------------------------------------

    def _start_reading(self) -> None:
        if self._master is not None and not self._reading:
            asyncio.get_running_loop().add_reader(self._master, self._on_output)
            self._reading = True

    def _stop_reading(self) -> None:
        if self._master is not None and self._reading:
            asyncio.get_running_loop().remove_reader(self._master)
            self._reading = False

    def pause_writing(self) -> None:
        # The client is slow: stop reading the PTY, so the tutor blocks instead of us buffering.
        self._stop_reading()

    def resume_writing(self) -> None:
        self._start_reading()

    def _on_output(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, READ_CHUNK)
        except BlockingIOError:
            return
        except OSError:  # EIO: every process on the PTY has gone
            data = b""
        if not data:
            self._stop_reading()
            self._app_done.set()
            return
        if not self._channel_gone.is_set():
            try:
                self._chan.write(data)
            except (asyncssh.Error, OSError, BrokenPipeError):
                self._channel_gone.set()

    # -- the session's life ----------------------------------------------------------------------

    def _say(self, text: str) -> None:
        if not self._channel_gone.is_set():
            with contextlib.suppress(Exception):
                self._chan.write(text.replace("\n", "\r\n").encode("utf-8"))

    def _finish_channel(self, status: int) -> None:
        if not self._channel_gone.is_set():
            with contextlib.suppress(Exception):
                self._chan.exit(status)

    async def _serve(self) -> None:
        classroom = self._classroom
        settings = classroom.settings
        if classroom.reserved >= settings.max_sessions:
            self._say(text_in(self._language(), "classroom.server.full",
                              sessions=settings.max_sessions) + "\n")
            self._finish_channel(1)
            return
        classroom.reserved += 1
        classroom.sessions.add(self)
        try:
            await self._run_tutor()
        finally:
            classroom.reserved -= 1
            classroom.sessions.discard(self)

    async def _run_tutor(self) -> None:
        settings = self._classroom.settings
        master, slave = os.openpty()
        self._master = master
        os.set_blocking(master, False)
        columns, rows, pixel_width, pixel_height = self._chan.get_terminal_size()
        set_window_size(master, columns or 80, rows or 24, pixel_width, pixel_height)
        request = SessionRequest(
            student=self.student,
            term=self._chan.get_terminal_type() or DEFAULT_TERM,
            lang=self._language(),
            db=settings.db,
            lessons_root=settings.lessons_root,
        )
        try:
            try:
                self.pid = await self._classroom.zygote.spawn(slave, request)
            finally:
                os.close(slave)
        except ZygoteError as error:
            self._say(text_in(self._language(), "classroom.server.not_started", error=error) + "\n")
            self._finish_channel(1)
            self._close_master()
            return
        self._start_reading()
        self._flush_input()
        self._tell_other_sessions()
        idle = await self._wait_for_end()
        ended_by_itself = self._app_done.is_set()
        if not ended_by_itself:
            await self._terminate()
        # Let the last frames (the terminal being restored) reach the client before the message.
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._app_done.wait(), 0.5)
        self._close_master()
        status = 0
        if ended_by_itself:
            # The tutor's own exit status (1 if it failed), once the zygote has reaped it.
            with contextlib.suppress(asyncio.TimeoutError, ZygoteError):
                status = max(await asyncio.wait_for(self._classroom.zygote.wait_exit(self.pid), 5), 0)
        if idle and settings.idle_timeout_seconds is not None:
            minutes = settings.idle_timeout_seconds / 60
            self._say("\n" + text_in(self._language(), "classroom.server.idle", minutes=f"{minutes:g}")
                      + "\n")
        elif self._stopping.is_set():
            self._say("\n" + text_in(self._language(), "classroom.server.shutdown") + "\n")
        self._finish_channel(status)

    def _tell_other_sessions(self) -> None:
        """SIGUSR1 to this student's other tutors: each says that someone has just logged in
        under their name (this new session finds the others in the store by itself)."""
        zygote = self._classroom.zygote
        for other in list(self._classroom.sessions):
            if other is self or other.student != self.student or other.pid is None:
                continue
            if not zygote.exited(other.pid):  # a reaped pid may already be someone else's
                with contextlib.suppress(ProcessLookupError):
                    os.kill(other.pid, signal.SIGUSR1)

    def _language(self) -> str:
        """--lang if the teacher gave it, else the student's locale if their ssh sent it
        (`SendEnv LANG LC_*`, OpenSSH's default on many systems), else the server's."""
        settings = self._classroom.settings
        if settings.lang_chosen:
            return settings.lang
        sent = {str(k): str(v) for k, v in (self._chan.get_environment() or {}).items()}
        if any(sent.get(name) for name in LOCALE_VARIABLES):
            return detect_language(sent)
        return settings.lang

    async def _wait_for_end(self) -> bool:
        """Wait until the tutor exits, the channel goes or the student is idle; True if idle."""
        app = asyncio.ensure_future(self._app_done.wait())
        gone = asyncio.ensure_future(self._channel_gone.wait())
        stopping = asyncio.ensure_future(self._stopping.wait())
        waiters: set[asyncio.Future[Any]] = {app, gone, stopping}
        idle: asyncio.Future[Any] | None = None
        if self._classroom.settings.idle_timeout_seconds is not None:
            idle = asyncio.ensure_future(self._idle_watch(self._classroom.settings.idle_timeout_seconds))
            waiters.add(idle)
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
        return idle is not None and idle.done() and not idle.cancelled() and not self._app_done.is_set()

    async def _idle_watch(self, limit: float) -> None:
        while True:
            remaining = self.last_input + limit - time.monotonic()
            if remaining <= 0:
                return
            await asyncio.sleep(min(remaining, 5.0))

    async def _terminate(self) -> None:
        """SIGTERM the tutor, SIGKILL after the grace period, and wait until it is reaped."""
        if self.pid is None:
            return
        zygote = self._classroom.zygote
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if zygote.exited(self.pid):
                return
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)
            with contextlib.suppress(asyncio.TimeoutError, ZygoteError):
                await asyncio.wait_for(zygote.wait_exit(self.pid), TERMINATE_GRACE_SECONDS)

    def _close_master(self) -> None:
        if self._master is None:
            return
        loop = asyncio.get_running_loop()
        self._stop_reading()
        loop.remove_writer(self._master)
        os.close(self._master)
        self._master = None

    async def shutdown(self) -> None:
        """End this session because the server is stopping, and say so."""
        self._stopping.set()
        if self.task is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(self.task), TERMINATE_GRACE_SECONDS * 2 + 1)


class ClassroomServer:
    """A running server: its listening port, and a clean stop."""

    def __init__(self, classroom: Classroom, acceptor: Any) -> None:
        self.classroom = classroom
        self._acceptor = acceptor

    @property
    def port(self) -> int:
        return int(self._acceptor.get_port())

    async def close(self) -> None:
        self._acceptor.close()
        sessions = list(self.classroom.sessions)
        await asyncio.gather(*(session.shutdown() for session in sessions), return_exceptions=True)
        connections = list(self.classroom.connections)
        for conn in connections:
            conn.close()
        await asyncio.gather(
            *(asyncio.wait_for(conn.wait_closed(), 5) for conn in connections), return_exceptions=True
        )
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._acceptor.wait_closed(), 5)
        self.classroom.zygote.stop()


async def start_server(settings: ServerSettings, host_key: Any, zygote: ZygoteClient) -> ClassroomServer:
    """Listen on settings.host:settings.port (0: any free port) with a started zygote."""
    zygote.attach(asyncio.get_running_loop())
    classroom = Classroom(settings, zygote)
    acceptor = await asyncssh.create_server(
        lambda: StudentGate(classroom),
        settings.host,
        settings.port,
        server_host_keys=[host_key],
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        sftp_factory=None,
        encoding=None,
        keepalive_interval=15,
        keepalive_count_max=4,
        reuse_address=True,
    )
    return ClassroomServer(classroom, acceptor)
