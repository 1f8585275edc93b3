"""`bp-tutor serve` start-up: clear one-line errors with exit status 2, and --hash-password."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from bp_tutor.classroom.passwords import ScryptHash
from tests.classroom.class_data import fill_class
from tests.classroom.helpers import REPO, ServerProcess


def _serve(data_dir: Path, *options: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BP_TUTOR_DATA_DIR=str(data_dir), PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "bp_tutor", "serve", *options],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )


def test_a_port_in_use_is_one_line_and_status_2(tmp_path: Path) -> None:
    db = tmp_path / "class.sqlite3"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _serve(tmp_path, "--host", "127.0.0.1", "--port", str(port), "--db", str(db))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"bp-tutor: port {port} on 127.0.0.1 is already in use (another server?); choose one with --port"
    ]
    # Nothing was made: the next start must not call an empty database it left "existing".
    assert not db.exists()


def test_the_banner_says_whether_the_database_is_new_or_holds_a_class(class_db: str, tmp_path: Path
                                                                     ) -> None:
    """A mistyped --db shows as NEW, not as a class that has lost its students."""
    server = ServerProcess(tmp_path, db=class_db)
    try:
        lines = server.banner.splitlines()
        shown = class_db if "://" not in class_db else class_db.split("://", 1)[1].rpartition("@")[2]
        [line] = [line for line in lines if line.startswith("Progress database: ")]
        assert shown in line and line.endswith(": NEW, created just now (no students yet)")
        assert "  If this class already has a database, stop (Ctrl+C) and check the path given to " \
               "--db." in lines
    finally:
        assert server.stop() == 0
    fill_class(class_db)
    server = ServerProcess(tmp_path, db=class_db)
    try:
        [line] = [line for line in server.banner.splitlines() if line.startswith("Progress database: ")]
        assert line.endswith(": existing, 2 students")
        assert "NEW" not in server.banner
    finally:
        assert server.stop() == 0


def test_a_bad_database_url_is_one_line_and_status_2(tmp_path: Path) -> None:
    result = _serve(tmp_path, "--port", "0", "--db", "mysql://x/y")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bp-tutor: --db: unsupported progress database mysql://")


def test_an_unreadable_host_key_is_one_line_and_status_2(tmp_path: Path) -> None:
    (tmp_path / "classroom_host_ed25519").write_text("garbage")
    result = _serve(tmp_path, "--port", "0")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot read host key" in lines[0]


def test_a_bad_password_file_is_one_line_and_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "pw"
    bad.write_text("ana:plaintext\n")
    result = _serve(tmp_path, "--port", "0", "--password-file", str(bad))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"bp-tutor: --password-file: {bad}:1: bad hash for 'ana': expected scrypt$N$r$p$SALT$KEY "
        "(the output of `bp-tutor serve --hash-password`)"
    )


def test_each_unreadable_access_file_is_named_by_its_option(tmp_path: Path) -> None:
    missing = tmp_path / "absent"
    for option in ("--password-file", "--authorized-keys"):
        result = _serve(tmp_path, "--port", "0", option, str(missing))
        assert result.returncode == 2
        assert result.stderr.strip() == (
            f"bp-tutor: {option}: {missing}: cannot read the file (No such file or directory)")


def test_a_bad_authorized_keys_file_is_one_line_and_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "keys"
    bad.write_text("ssh-ed25519 AAAA ana\n")
    result = _serve(tmp_path, "--port", "0", "--authorized-keys", str(bad))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"bp-tutor: --authorized-keys: {bad}:1: not an OpenSSH public key")


def test_hash_password_prints_a_line_that_verifies(tmp_path: Path) -> None:
    result = _serve(tmp_path, "--hash-password", "ana", stdin="s3cret\n")
    assert result.returncode == 0, result.stderr
    name, _, stored = result.stdout.strip().partition(":")
    assert name == "ana"
    assert ScryptHash.parse(stored).matches("s3cret")
    assert not ScryptHash.parse(stored).matches("s3cret\n")


def test_one_session_refuses_a_command_a_transfer_and_a_missing_terminal(tmp_path: Path) -> None:
    """Under sshd's ForceCommand: the same one line as the server's, in the student's language,
    with the address sshd was reached at (SSH_CONNECTION)."""
    import getpass

    env = dict(os.environ, BP_TUTOR_DATA_DIR=str(tmp_path), PYTHONPATH=str(REPO), LANG="C.UTF-8",
               SSH_CONNECTION="10.0.0.7 50123 10.0.0.1 22")
    for name in ("LC_ALL", "LC_MESSAGES", "SSH_ORIGINAL_COMMAND"):
        env.pop(name, None)
    line = f"ssh {getpass.getuser()}@10.0.0.1"
    command = [sys.executable, "-m", "bp_tutor", "serve", "--one-session"]

    def attempt(**extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=REPO,
                              env=dict(env, **extra))

    exec_attempt = attempt(SSH_ORIGINAL_COMMAND="cat /etc/passwd")
    assert exec_attempt.returncode == 1
    assert exec_attempt.stderr == ("This classroom runs no commands (you asked for 'cat /etc/passwd'); "
                                   f"it serves the tutor in an interactive terminal: {line}\n")
    transfer = attempt(SSH_ORIGINAL_COMMAND="/usr/lib/openssh/sftp-server", LANG="zh_CN.UTF-8")
    assert transfer.returncode == 1
    assert transfer.stderr == f"本教室不提供文件传输（sftp、scp），只在交互式终端里提供导师程序：{line}\n"
    no_terminal = attempt()
    assert no_terminal.returncode == 1
    assert no_terminal.stderr == ("The tutor needs an interactive terminal and this connection has "
                                  "none (ssh -T, or input that is not a terminal). Connect with: "
                                  f"{line}\n")


def test_one_session_runs_the_tutor_for_the_login_user(tmp_path: Path) -> None:
    """With the teacher's lessons (--lessons), less the one that fails `check`, said nothing of
    on this terminal: it is a student's."""
    import getpass
    import select
    import time

    from bp_tutor.progress import open_store
    from tests.classroom.helpers import plain
    from tests.classroom.teacher_lessons import make_teacher_folder

    db = tmp_path / "class.sqlite3"
    teacher = make_teacher_folder(tmp_path / "mine")
    master, slave = os.openpty()
    env = dict(os.environ, BP_TUTOR_DATA_DIR=str(tmp_path), PYTHONPATH=str(REPO), TERM="xterm-256color")
    env.pop("SSH_ORIGINAL_COMMAND", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "bp_tutor", "--lang", "en", "serve", "--one-session", "--db", str(db),
         "--lessons", str(teacher)],
        stdin=slave, stdout=slave, stderr=slave, cwd=REPO, env=env, start_new_session=True,
    )
    os.close(slave)
    try:
        seen = b""
        deadline = time.monotonic() + 30
        while b"Commands" not in seen and time.monotonic() < deadline:  # the footer: a whole frame
            if select.select([master], [], [], 0.2)[0]:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        assert "Lessons (0 of 13 done)" in plain(seen)
        assert "problem" not in plain(seen)
        os.write(master, b"\x11")
        # Keep reading: a tutor whose terminal is not read blocks on its next write.
        deadline = time.monotonic() + 20
        while process.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
        assert process.wait(5) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    with open_store(db, student="teacher") as store:
        # The session was announced under the login name, and closed on the way out.
        assert getpass.getuser() in store.students()
        assert store.active_sessions() == []
