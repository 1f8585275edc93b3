"""What a student is told when they ask the classroom for something other than the tutor in a
terminal: a command (`ssh HOST ls`), a session without a terminal (`ssh -T`, or input piped into
ssh), or file transfer (SFTP, and scp, which runs over SFTP or as the command `scp -t`).

One line in the student's language saying what the classroom serves and the exact `ssh` line that
gets it, so a student who typed the wrong thing can fix it without asking. Shared by the server
and by `serve --one-session` (under OpenSSH's ForceCommand), hence no asyncssh here.
"""

from __future__ import annotations

import shlex

from bp_tutor.ui.i18n import text_in

NO_COMMAND = "no_command"
NO_TERMINAL = "no_terminal"
NO_TRANSFER = "no_transfer"
# A status a script can tell from success; OpenSSH's own refusals also end with 1.
REFUSED_STATUS = 1
_SHOWN_COMMAND_LENGTH = 40


def ssh_line(student: str, host: str, port: int) -> str:
    """The line that opens the tutor, as the student would type it."""
    where = f"[{host}]" if ":" in host else host  # an IPv6 address, as ssh writes it
    return f"ssh {'' if port == 22 else f'-p {port} '}{student}@{where}"


def is_file_transfer(command: str) -> bool:
    """True for the commands scp, rsync and sftp run on the far side (`scp -t DIR`,
    `/usr/lib/openssh/sftp-server`, `internal-sftp`, `rsync --server ...`)."""
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    program = words[0].rsplit("/", 1)[-1] if words else ""
    return program in ("scp", "rsync") or "sftp" in program


def refusal(lang: str, reason: str, student: str, host: str, port: int, command: str = "") -> str:
    """The one-line message for `reason` (NO_COMMAND, NO_TERMINAL or NO_TRANSFER)."""
    shown = command if len(command) <= _SHOWN_COMMAND_LENGTH else command[: _SHOWN_COMMAND_LENGTH - 1] + "…"
    return text_in(lang, f"classroom.server.{reason}", how=ssh_line(student, host, port),
                   command=shown)
