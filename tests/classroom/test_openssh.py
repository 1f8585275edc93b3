"""End to end with the OpenSSH client a student would use (`apt-get install openssh-client`)."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time

import pytest

from tests.classroom.helpers import HOME_MARKER, ServerProcess, plain


def _read_until(fd: int, marker: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_a_student_logs_in_with_openssh(open_server: ServerProcess) -> None:
    ssh = shutil.which("ssh")
    if ssh is None:
        pytest.fail("the OpenSSH client is missing: apt-get install -y openssh-client")
    master, slave = os.openpty()
    os.set_blocking(master, True)
    client = subprocess.Popen(
        [ssh, "-tt", "-p", str(open_server.port),
         "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
         "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-F", "/dev/null",
         "fay@127.0.0.1"],
        stdin=slave, stdout=slave, stderr=slave, close_fds=True,
        env=dict(os.environ, TERM="xterm-256color"),
    )
    os.close(slave)
    try:
        seen = _read_until(master, HOME_MARKER, 20)
        assert HOME_MARKER in seen, plain(seen)[-2000:]
        os.write(master, b"\x11")  # ctrl+q quits the tutor and so the ssh session
        assert client.wait(15) == 0
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
        os.close(master)
