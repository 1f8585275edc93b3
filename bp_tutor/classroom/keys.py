"""Students' public keys, and the server's own host key.

Authorized-keys file: one OpenSSH public key per line, `TYPE BASE64 NAME`, where the comment NAME is
the student the key belongs to (a student may have several lines). A key logs in only as its own
student, so nobody can sit down in someone else's progress.

Host key: an ed25519 key made on first start and kept, readable by its owner only, in the data
folder, so students see the same fingerprint every lesson.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bp_tutor.classroom.identity import NAME_RULE, is_valid_student_name
from bp_tutor.textfile import UnreadableFileError, read_text

HOST_KEY_FILE = "classroom_host_ed25519"


class KeyFileError(ValueError):
    """A key file that cannot be used; the message names the file (and line)."""


def host_key_path() -> Path:
    """Where the server keeps its host key (inside `bp_tutor.paths.data_dir()`)."""
    from bp_tutor.paths import data_dir

    return data_dir() / HOST_KEY_FILE


def load_or_create_host_key(path: Path) -> tuple[Any, bool]:
    """The host key at `path` (asyncssh.SSHKey), made first if missing; and whether it was made."""
    import asyncssh

    created = False
    if not path.exists():
        key = asyncssh.generate_private_key("ssh-ed25519")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # O_EXCL + 0600 from the first byte: the private key is never readable by others.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(key.export_private_key("openssh"))
        except FileExistsError:
            pass  # another server made it first; read theirs
        except OSError as error:
            raise KeyFileError(f"cannot write host key {path}: {error.strerror or error}") from None
        else:
            created = True
    try:
        return asyncssh.read_private_key(str(path)), created
    except (OSError, asyncssh.KeyImportError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise KeyFileError(f"cannot read host key {path}: {reason}") from None


def fingerprint(key: Any) -> str:
    """SHA256:... as `ssh` prints it when it first meets the server."""
    return str(key.get_fingerprint("sha256"))


@dataclass(frozen=True)
class KeyBook:
    """student -> the public keys (OpenSSH wire form) they may log in with."""

    keys: dict[str, frozenset[bytes]]

    def check(self, name: str, public_key_data: bytes) -> bool:
        return public_key_data in self.keys.get(name, frozenset())

    @classmethod
    def parse(cls, text: str, source: str) -> KeyBook:
        import asyncssh

        found: dict[str, set[bytes]] = {}
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{source}:{number}"
            fields = line.split()
            if len(fields) < 3:
                raise KeyFileError(
                    f"{where}: expected 'TYPE BASE64 NAME' with the student's name as the comment"
                )
            name = fields[2]
            if not is_valid_student_name(name):
                raise KeyFileError(f"{where}: the comment {name!r} is not a student name ({NAME_RULE})")
            try:
                key = asyncssh.import_public_key(" ".join(fields[:2]))
            except (asyncssh.KeyImportError, ValueError) as error:
                raise KeyFileError(f"{where}: not an OpenSSH public key ({error})") from None
            found.setdefault(name, set()).add(bytes(key.public_data))
        if not found:
            raise KeyFileError(f"{source}: no keys; expected lines 'TYPE BASE64 NAME'")
        return cls({name: frozenset(keys) for name, keys in found.items()})

    @classmethod
    def load(cls, path: Path) -> KeyBook:
        try:
            text = read_text(path)
        except UnreadableFileError as error:
            raise KeyFileError(str(error)) from None
        return cls.parse(text, str(path))
