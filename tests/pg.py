"""A real PostgreSQL server for the tests, started from Debian's `postgresql` binaries.

Use it from any test folder's conftest.py:

    from tests.pg import fresh_database, postgres_server  # postgres_server is a fixture

`postgres_server` (session-scoped) yields the URL of a server in a temporary folder, listening on a
free loopback port, running as the `postgres` system user when the tests run as root (PostgreSQL
refuses to run as root). `fresh_database(server_url)` creates an empty database and returns its
URL, so tests never see each other's rows. Missing binaries fail the test with install advice.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

INSTALL_ADVICE = (
    "PostgreSQL server binaries (initdb, postgres) were not found; install them with "
    "`apt-get install -y postgresql` (Debian/Ubuntu) or put their folder on PATH"
)
SUPERUSER = "bp_tutor_test"
STARTUP_TIMEOUT_SECONDS = 60.0
_database_numbers = itertools.count(1)


def find_server_binaries() -> Path | None:
    """The folder holding initdb and postgres: the newest Debian install, else PATH."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    on_path = shutil.which("initdb")
    if on_path and shutil.which("postgres"):
        return Path(on_path).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    """Prefix `command` so it runs as the unprivileged `postgres` user when we are root."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def _server_user_ids() -> tuple[int, int] | None:
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail(
            "running as root, PostgreSQL needs an unprivileged user: create one with "
            "`useradd --system postgres` (the postgresql package does this)"
        )
    return entry.pw_uid, entry.pw_gid


def _wait_until_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    import psycopg

    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while True:
        if server.poll() is not None:
            pytest.fail(f"PostgreSQL exited with {server.returncode}:\n{log.read_text()}")
        try:
            with psycopg.connect(url, connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                pytest.fail(f"PostgreSQL did not accept connections in time:\n{log.read_text()}")
            time.sleep(0.1)


def start_server(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    """initdb into `root`/data and start the server; returns the process and its URL."""
    binaries = find_server_binaries()
    if binaries is None:
        pytest.fail(INSTALL_ADVICE)
    ids = _server_user_ids()
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    if ids is not None:
        for path in (root, sockets):
            os.chown(path, *ids)
    initdb = subprocess.run(
        _as_server_user(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ]
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    if initdb.returncode != 0:
        pytest.fail(f"initdb failed:\n{initdb.stdout}\n{initdb.stderr}")
    port = _free_port()
    # fsync=off: the server's own crash safety is not under test here, and it makes tests quick.
    command = _as_server_user(
        [
            str(binaries / "postgres"),
            "-D",
            str(data),
            "-p",
            str(port),
            "-h",
            "127.0.0.1",
            "-k",
            str(sockets),
            "-c",
            "fsync=off",
            "-c",
            "max_connections=200",
        ]
    )
    with log.open("wb") as log_file:
        server = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
    url = f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres"
    try:
        _wait_until_ready(url, server, log)
    except BaseException:
        stop_server(server, data)
        raise
    return server, url


def stop_server(server: subprocess.Popen[bytes], data: Path) -> None:
    """Fast shutdown: SIGINT to the postmaster itself (runuser does not pass SIGINT on), then
    SIGKILL if it lingers."""
    postmaster = _postmaster_pid(data)
    if postmaster is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(postmaster, signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        if postmaster is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(postmaster, signal.SIGKILL)
        server.kill()
        server.wait()


def _postmaster_pid(data: Path) -> int | None:
    try:
        first_line = (data / "postmaster.pid").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    return int(first_line) if first_line.strip().isdigit() else None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a running PostgreSQL server (its `postgres` maintenance database)."""
    root = Path(tempfile.mkdtemp(prefix="bp-tutor-pg-"))
    server, url = start_server(root)
    try:
        yield url
    finally:
        stop_server(server, root / "data")
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """Create a new empty database on the server; return its URL."""
    import psycopg

    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name
