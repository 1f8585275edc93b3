"""`bp-tutor serve`: the classroom over SSH. Students type `ssh -p PORT NAME@HOST` and get their
own tutor; their progress goes to the shared database (--db)."""

from __future__ import annotations

import argparse
import errno
import socket
import sys
from pathlib import Path
from typing import Any

from bp_tutor.commands.errors import fail

HELP = "serve the tutor to a classroom over SSH (students connect with `ssh -p PORT NAME@HOST`)"

DEFAULT_PORT = 2222
DEFAULT_MAX_SESSIONS = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT}; 0: any free port)"
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument(
        "--password-file",
        type=Path,
        metavar="F",
        help="lines NAME:HASH (from --hash-password); NAME '*' is a class password anyone may use",
    )
    who.add_argument(
        "--authorized-keys",
        type=Path,
        metavar="F",
        help="OpenSSH public keys, one a line, each with the student's name as its comment",
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"most sessions at once (default {DEFAULT_MAX_SESSIONS})",
    )
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=None,
        metavar="MIN",
        help="end a session after MIN minutes without a key press (default: never)",
    )
    parser.add_argument(
        "--one-session",
        action="store_true",
        help="run one student's tutor on this terminal, named after the login user "
        "(for OpenSSH's ForceCommand; see docs/teachers.md)",
    )
    parser.add_argument(
        "--hash-password",
        nargs="?",
        const="*",
        metavar="NAME",
        help="read a password and print a password-file line for NAME (default '*': the class password)",
    )


def _hash_password_line(name: str) -> int:
    import getpass

    from bp_tutor.classroom.identity import NAME_RULE, is_valid_student_name
    from bp_tutor.classroom.passwords import SHARED_NAME, hash_password

    if name != SHARED_NAME and not is_valid_student_name(name):
        return fail(f"--hash-password: invalid name {name!r}: expected {NAME_RULE}, or '*'")
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            return fail("the two passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        return fail("the password is empty")
    print(f"{name}:{hash_password(password)}")
    return 0


def _one_session(args: argparse.Namespace) -> int:
    """One student's tutor under sshd's ForceCommand: the Unix login name is the student."""
    import getpass
    import os

    from bp_tutor.classroom.identity import NAME_RULE, is_valid_student_name
    from bp_tutor.classroom.refusal import (
        NO_COMMAND,
        NO_TERMINAL,
        NO_TRANSFER,
        REFUSED_STATUS,
        is_file_transfer,
        refusal,
    )
    from bp_tutor.commands.app_cmd import resolve_language

    lang = resolve_language(args)
    name = getpass.getuser()
    command = os.environ.get("SSH_ORIGINAL_COMMAND", "")
    reason = None
    if command:
        reason = NO_TRANSFER if is_file_transfer(command) else NO_COMMAND
    elif not (sys.stdin.isatty() and sys.stdout.isatty()):
        reason = NO_TERMINAL
    if reason is not None:
        # sshd sets SSH_CONNECTION to "CLIENT-IP CLIENT-PORT SERVER-IP SERVER-PORT".
        where = os.environ.get("SSH_CONNECTION", "").split()
        host, port = (where[2], int(where[3])) if len(where) == 4 and where[3].isdigit() else ("HOST", 22)
        print(refusal(lang, reason, name, host, port, command), file=sys.stderr)
        return REFUSED_STATUS
    if not is_valid_student_name(name):
        return fail(f"the login name {name!r} cannot be a student name: {NAME_RULE}", status=1)
    from bp_tutor.classroom.session_app import preload_lessons
    from bp_tutor.classroom.student_process import run_tutor
    from bp_tutor.commands.lessons_folder import check_added_folder
    from bp_tutor.paths import added_lessons_dir
    from bp_tutor.progress import StoreError, open_store
    from bp_tutor.ui.i18n import set_language

    set_language(lang)
    folder = added_lessons_dir()
    if folder is not None:
        # Left out without a word: this terminal is a student's, and `check` tells the teacher.
        preload_lessons(None, check_added_folder(folder).broken)
    try:
        store = open_store(getattr(args, "db", None), student=name)
    except StoreError as error:
        return fail(f"--db: {error}")
    run_tutor(name, lang, store)
    return 0


def _check_port(host: str, port: int) -> str | None:
    """None if we can listen on host:port, else why not (one line)."""
    if not 0 <= port <= 65535:
        return f"--port {port} is not a TCP port (expected 0-65535)"
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        return f"--host {host!r} cannot be resolved: {error.strerror}"
    family, kind, proto, _, address = infos[0]
    probe = socket.socket(family, kind, proto)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(address)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return f"port {port} on {host} is already in use (another server?); choose one with --port"
        if error.errno == errno.EACCES:
            return f"no permission to listen on port {port}; ports below 1024 need root, try --port 2222"
        return f"cannot listen on {host}:{port}: {error.strerror or error}"
    finally:
        probe.close()
    return None


def _reachable_address(host: str) -> str:
    """The address students should type: the machine's outward address when listening on all."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()


def run(args: argparse.Namespace) -> int:
    if args.hash_password is not None:
        return _hash_password_line(args.hash_password)
    if args.one_session:
        return _one_session(args)
    from bp_tutor.classroom.keys import (
        KeyBook,
        KeyFileError,
        fingerprint,
        host_key_path,
        load_or_create_host_key,
    )
    from bp_tutor.classroom.passwords import PasswordBook, PasswordFileError
    from bp_tutor.classroom.ssh_server import ServerSettings
    from bp_tutor.commands.app_cmd import resolve_language
    from bp_tutor.progress import StoreError, open_store

    if args.max_sessions < 1:
        return fail(f"--max-sessions {args.max_sessions}: expected at least 1")
    if args.idle_timeout is not None and not args.idle_timeout > 0:
        return fail(f"--idle-timeout {args.idle_timeout:g}: expected a number of minutes above 0")
    settings = ServerSettings(
        host=args.host,
        port=args.port,
        db=getattr(args, "db", None),
        lang=resolve_language(args),
        lang_chosen=getattr(args, "lang", None) is not None,
        max_sessions=args.max_sessions,
        idle_timeout_seconds=args.idle_timeout * 60 if args.idle_timeout is not None else None,
    )
    # Each file's error names the option that gave it, as --db's does.
    try:
        if args.password_file is not None:
            settings.passwords = PasswordBook.load(args.password_file)
    except PasswordFileError as error:
        return fail(f"--password-file: {error}")
    try:
        if args.authorized_keys is not None:
            settings.keys = KeyBook.load(args.authorized_keys)
    except KeyFileError as error:
        return fail(f"--authorized-keys: {error}")
    try:
        key_path = host_key_path()
        host_key, created = load_or_create_host_key(key_path)
    except KeyFileError as error:  # the server's own key, not one the teacher named
        return fail(str(error))
    # Before the database: a start that stops here must not leave a new, empty database behind
    # (the next start would call it "existing").
    problem = _check_port(settings.host, settings.port)
    if problem is not None:
        return fail(problem)
    try:
        with open_store(settings.db, student="teacher") as store:
            database = _describe_database(store)
    except StoreError as error:
        return fail(f"--db: {error}")
    lessons, settings.leave_out = _added_lessons()
    return _serve(settings, host_key, key_path, created, fingerprint(host_key), [*database, *lessons])


def _added_lessons() -> tuple[list[str], tuple[str, ...]]:
    """With --lessons: the lines saying what the class gets from the teacher's folder, and the
    lesson files left out for failing `bp-tutor check` (their problems are printed here)."""
    from bp_tutor.commands.lessons_folder import check_added_folder
    from bp_tutor.paths import added_lessons_dir, lessons_dir
    from bp_tutor.ui.catalog import LessonCatalog
    from bp_tutor.ui.i18n import LANGUAGES
    from bp_tutor.ui.lesson_cache import lesson_cache_dir

    folder = added_lessons_dir()
    if folder is None:
        return [], ()
    found = check_added_folder(folder)
    if found.problems:
        print(f"bp-tutor: --lessons {folder}: {len(found.problems)} problem(s) found by `bp-tutor "
              "check`; the lessons they are in are left out, every other lesson is served:",
              file=sys.stderr)
        print("\n".join(found.lines()), file=sys.stderr, flush=True)
    served = LessonCatalog(cache_dir=lesson_cache_dir(), added=folder, broken=found.broken,
                           hide_broken=True)
    shipped = LessonCatalog(lessons_dir(), cache_dir=lesson_cache_dir())
    counts, replaced = [], set()
    for lang in LANGUAGES:
        own = [lesson for lesson in served.lessons(lang) if lesson.path.is_relative_to(folder)]
        counts.append(f"{len(own)} in {lang}")
        shipped_ids = {lesson.id for lesson in shipped.lessons(lang)}
        replaced |= {lesson.id for lesson in own if lesson.id in shipped_ids}
    line = f"Lessons: the shipped ones and yours from {folder} ({', '.join(counts)})"
    lines = [line]
    if replaced:
        lines.append(f"  Yours replace the shipped lesson(s): {', '.join(sorted(replaced))}")
    if found.broken:
        lines.append(f"  Left out for the problems printed above: {len(found.broken)} file(s)")
    return lines, tuple(str(path) for path in found.broken)


def _describe_database(store: Any) -> list[str]:
    """Which database the class is kept in and whether it is new, so that a mistyped --db shows
    as "NEW" instead of as a class that has lost its students."""
    where = store.location
    if store.backend == "sqlite":
        where = str(Path(where).expanduser().absolute())
    if store.created:
        return [
            f"Progress database: {where}: NEW, created just now (no students yet)",
            "  If this class already has a database, stop (Ctrl+C) and check the path given to --db.",
        ]
    count = len(store.students())
    students = "no students yet" if count == 0 else f"{count} student{'s' if count != 1 else ''}"
    return [f"Progress database: {where}: existing, {students}"]


def _serve(settings: Any, host_key: Any, key_path: Path, created: bool, print_fingerprint: str,
           database: list[str]) -> int:
    import asyncio
    import signal

    from bp_tutor.classroom.ssh_server import start_server
    from bp_tutor.classroom.zygote import ZygoteClient, ZygoteError

    zygote = ZygoteClient()
    try:
        zygote.start(settings.lessons_root, settings.leave_out)
    except ZygoteError as error:
        return fail(str(error), status=1)

    async def main() -> int:
        try:
            server = await start_server(settings, host_key, zygote)
        except OSError as error:
            zygote.stop()
            return fail(f"cannot listen on {settings.host}:{settings.port}: {error.strerror or error}")
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, stop.set)
        _announce(settings, server.port, key_path, created, print_fingerprint, database)
        await stop.wait()
        print("Stopping: ending every session (progress is saved)...", flush=True)
        await server.close()
        return 0

    try:
        return asyncio.run(main())
    finally:
        zygote.stop()


def _announce(settings: Any, port: int, key_path: Path, created: bool, print_fingerprint: str,
              database: list[str]) -> None:
    address = _reachable_address(settings.host)
    made = "made" if created else "kept"
    lines = [
        f"bp-tutor classroom listening on {settings.host}:{port} (up to {settings.max_sessions} sessions)",
        f"Students type:   ssh -p {port} THEIR-NAME@{address}",
        f"Host key ({made} in {key_path}): {print_fingerprint}",
        "  (ssh shows this fingerprint the first time; students can check it against yours)",
        *database,
    ]
    if settings.open_door:
        lines += [
            "",
            "!" * 78,
            "!! NO PASSWORDS: anyone who can reach this port may log in under any name.",
            "!! Fine on a trusted classroom network; otherwise use --password-file or --authorized-keys.",
            "!" * 78,
        ]
    lines.append("Press Ctrl+C to stop.")
    print("\n".join(lines), flush=True)
