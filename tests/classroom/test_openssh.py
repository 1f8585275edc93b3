"""End to end with the OpenSSH client a student would use (`apt-get install openssh-client`)."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from pathlib import Path

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


def _client(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        pytest.fail(f"the OpenSSH client is missing ({program}): apt-get install -y openssh-client")
    return found


CLIENT_OPTIONS = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                  "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-F", "/dev/null"]


def _ssh(port: int, *arguments: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_client("ssh"), "-p", str(port), *CLIENT_OPTIONS, "-o", "SendEnv=LANG", *arguments],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30,
        env=dict(os.environ, LANG=lang),
    )


def test_openssh_gets_one_line_for_a_command_or_no_terminal(open_server: ServerProcess) -> None:
    line = f"ssh -p {open_server.port} gil@127.0.0.1"
    command = _ssh(open_server.port, "gil@127.0.0.1", "ls", "-la")
    assert (command.returncode, command.stdout) == (1, "")
    assert command.stderr == (f"This classroom runs no commands (you asked for 'ls -la'); it serves "
                              f"the tutor in an interactive terminal: {line}\n")
    # -T, and ssh's stdin not a terminal: the same refusal, in the student's language.
    for arguments in (["-T", "gil@127.0.0.1"], ["gil@127.0.0.1"]):
        shell = _ssh(open_server.port, *arguments, lang="zh_CN.UTF-8")
        assert shell.returncode == 1
        assert shell.stderr.strip().splitlines()[-1] == (
            "导师程序需要交互式终端，而这个连接没有终端（用了 ssh -T，或输入不是终端）。"
            f"请这样连接：{line}")


def test_sftp_and_scp_are_told_what_the_classroom_serves(open_server: ServerProcess, tmp_path: Path
                                                         ) -> None:
    refused = ("File transfer (sftp, scp) is not available in this classroom; it serves the tutor "
               f"in an interactive terminal: ssh -p {open_server.port} gil@127.0.0.1")
    sftp = subprocess.run(
        [_client("sftp"), "-P", str(open_server.port), *CLIENT_OPTIONS, "gil@127.0.0.1"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30,
    )
    assert sftp.returncode != 0
    assert sftp.stderr.splitlines()[0] == refused
    sent = tmp_path / "notes.txt"
    sent.write_text("x")
    for legacy in ([], ["-O"]):  # scp over SFTP (OpenSSH 9+), and the old protocol (`scp -t`)
        scp = subprocess.run(
            [_client("scp"), *legacy, "-P", str(open_server.port), *CLIENT_OPTIONS, str(sent),
             "gil@127.0.0.1:/tmp/"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30,
        )
        assert scp.returncode != 0
        assert scp.stderr.splitlines()[0] == refused, legacy
