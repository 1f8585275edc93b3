"""Password files for the classroom server, hashed with the standard library's scrypt.

A password file holds one entry per line, `NAME:HASH`; blank lines and lines starting with `#`
are ignored. NAME is a student name, or `*` for a shared class password that any name may use
(a name with its own line must use its own password). HASH is what
`bp-tutor serve --hash-password` prints:

    scrypt$N$r$p$SALT$KEY        (SALT and KEY in URL-safe base64)

scrypt with N = 2¹⁴, r = 8, p = 1 costs about 16 MiB and a few tens of milliseconds per check: slow
enough to make guessing from a stolen file expensive, fast enough for forty logins at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

from bp_tutor.classroom.identity import NAME_RULE, is_valid_student_name
from bp_tutor.textfile import UnreadableFileError, read_text

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
SHARED_NAME = "*"
HASH_FORMAT = "scrypt$N$r$p$SALT$KEY (the output of `bp-tutor serve --hash-password`)"


class PasswordFileError(ValueError):
    """A password file that cannot be used; the message names the file and line."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """The stored form of `password`: scrypt$N$r$p$salt$key."""
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    key = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_BYTES
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


@dataclass(frozen=True)
class ScryptHash:
    """A parsed hash: the parameters, the salt and the derived key."""

    n: int
    r: int
    p: int
    salt: bytes
    key: bytes

    @classmethod
    def parse(cls, text: str) -> ScryptHash:
        """Parse `scrypt$N$r$p$salt$key`; ValueError saying what is wrong otherwise."""
        parts = text.split("$")
        if len(parts) != 6 or parts[0] != "scrypt":
            raise ValueError(f"expected {HASH_FORMAT}")
        try:
            n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
            salt, key = _unb64(parts[4]), _unb64(parts[5])
        except ValueError as error:
            raise ValueError(f"unreadable number or base64 ({error}); expected {HASH_FORMAT}") from None
        if n < 2 or n & (n - 1) or n > 2**20 or not 1 <= r <= 32 or not 1 <= p <= 16:
            raise ValueError("scrypt parameters out of range (N a power of two up to 2^20, r 1-32, p 1-16)")
        if not salt or len(key) < 16:
            raise ValueError("salt is empty or key shorter than 16 bytes")
        return cls(n, r, p, salt, key)

    def matches(self, password: str) -> bool:
        derived = hashlib.scrypt(
            password.encode("utf-8"),
            salt=self.salt,
            n=self.n,
            r=self.r,
            p=self.p,
            dklen=len(self.key),
            maxmem=256 * 2**20,
        )
        return hmac.compare_digest(derived, self.key)


@dataclass(frozen=True)
class PasswordBook:
    """Per-student hashes and an optional shared class hash."""

    per_student: dict[str, ScryptHash]
    shared: ScryptHash | None

    def check(self, name: str, password: str) -> bool:
        """Whether `name` may log in with `password`: their own entry if they have one, else the
        class password if there is one."""
        entry = self.per_student.get(name, self.shared)
        return entry is not None and entry.matches(password)

    @classmethod
    def parse(cls, text: str, source: str) -> PasswordBook:
        per_student: dict[str, ScryptHash] = {}
        shared: ScryptHash | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{source}:{number}"
            name, colon, hashed = line.partition(":")
            if not colon:
                raise PasswordFileError(f"{where}: expected NAME:HASH, found no ':' in {line!r}")
            if name != SHARED_NAME and not is_valid_student_name(name):
                raise PasswordFileError(
                    f"{where}: invalid name {name!r}: expected {NAME_RULE}, or '*' for the class password"
                )
            if name in per_student or (name == SHARED_NAME and shared is not None):
                raise PasswordFileError(f"{where}: {name!r} appears twice")
            try:
                parsed = ScryptHash.parse(hashed.strip())
            except ValueError as error:
                raise PasswordFileError(f"{where}: bad hash for {name!r}: {error}") from None
            if name == SHARED_NAME:
                shared = parsed
            else:
                per_student[name] = parsed
        if not per_student and shared is None:
            raise PasswordFileError(f"{source}: no entries; expected lines NAME:HASH (or *:HASH)")
        return cls(per_student, shared)

    @classmethod
    def load(cls, path: Path) -> PasswordBook:
        try:
            text = read_text(path)
        except UnreadableFileError as error:
            raise PasswordFileError(str(error)) from None
        return cls.parse(text, str(path))
