"""What runs in a forked student process: make the PTY its terminal, then run the tutor.

Called in the zygote's child right after fork; it never returns (os._exit), so nothing of the
zygote's own shutdown code runs twice.
"""

from __future__ import annotations

import fcntl
import io
import os
import signal
import sys
import termios
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bp_tutor.progress import ProgressStore


@dataclass(frozen=True)
class SessionRequest:
    """One student's session as the server asks the zygote for it."""

    student: str
    term: str
    lang: str
    db: str | None
    lessons_root: str | None = None


def become_terminal_process(slave_fd: int) -> None:
    """New session, the PTY slave as controlling terminal and as fds 0, 1, 2."""
    # The zygote ignores or handles these; a student process must die of them like any program
    # (a child that inherited an ignored SIGHUP spins forever once its terminal is gone).
    for number in (signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGTERM, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)
    signal.set_wakeup_fd(-1)
    os.setsid()
    fcntl.ioctl(slave_fd, termios.TIOCSCTTY, 0)
    for target in (0, 1, 2):
        os.dup2(slave_fd, target)
    if slave_fd > 2:
        os.close(slave_fd)
    # Fresh UTF-8 streams on the terminal: Textual reads __stdin__ and writes __stderr__.
    stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
    stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", line_buffering=True)
    stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", line_buffering=True)
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    sys.__stdin__ = stdin  # type: ignore[misc]
    sys.__stdout__ = stdout  # type: ignore[misc]
    sys.__stderr__ = stderr  # type: ignore[misc]


def student_settings_path(student: str) -> Path:
    """Each student keeps their own theme, not the server owner's."""
    from bp_tutor.paths import data_dir

    return data_dir() / "classroom" / "students" / student / "settings.json"


def run_student(slave_fd: int, request: SessionRequest) -> None:
    """Run the tutor for one student on the PTY and exit the process."""
    status = 0
    try:
        become_terminal_process(slave_fd)
        os.environ["TERM"] = request.term or "xterm-256color"
        # The server's COLUMNS/LINES (if it inherited any) would override the PTY's real size.
        for name in ("COLUMNS", "LINES"):
            os.environ.pop(name, None)
        os.environ["BP_TUTOR_STUDENT"] = request.student
        status = _run_app(request)
    except BaseException:
        status = 1
        try:
            traceback.print_exc()
            sys.stderr.flush()
        except Exception:
            pass
    finally:
        os._exit(status)


def _run_app(request: SessionRequest) -> int:
    from bp_tutor.progress import StoreError, open_store
    from bp_tutor.ui.i18n import set_language

    set_language(request.lang)
    try:
        store = open_store(request.db, student=request.student)
    except StoreError as error:
        print(f"bp-tutor: {error}\r", file=sys.stderr)
        return 1
    run_tutor(request.student, request.lang, store,
              Path(request.lessons_root) if request.lessons_root else None)
    return 0


def run_tutor(student: str, lang: str, store: ProgressStore, lessons_root: Path | None = None
              ) -> None:
    """One student's tutor until they quit; then their session is ended and the store closed."""
    from bp_tutor.classroom.session_app import ClassroomTutorApp

    app = ClassroomTutorApp(lang, store, lessons_root, settings_file=student_settings_path(student))
    try:
        app.run()
    finally:
        app.end_session()
        store.close()
