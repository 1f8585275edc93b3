"""Password hashes, password and key files, and the failed-login limiter."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import asyncssh
import pytest

from bp_tutor.classroom.keys import KeyBook, KeyFileError, load_or_create_host_key
from bp_tutor.classroom.passwords import PasswordBook, PasswordFileError, ScryptHash, hash_password
from bp_tutor.classroom.ratelimit import FailureLimiter


def test_a_hash_is_scrypt_of_the_password_with_its_salt() -> None:
    salt = b"0123456789abcdef"
    stored = hash_password("correct horse", salt=salt)
    kind, n, r, p, salt_text, key_text = stored.split("$")
    assert (kind, n, r, p) == ("scrypt", "16384", "8", "1")
    expected = hashlib.scrypt(b"correct horse", salt=salt, n=16384, r=8, p=1, dklen=32)
    assert base64.urlsafe_b64decode(key_text + "=" * (-len(key_text) % 4)) == expected
    assert base64.urlsafe_b64decode(salt_text + "=" * (-len(salt_text) % 4)) == salt


def test_hashes_verify_only_their_password_and_are_salted() -> None:
    first, second = hash_password("pw"), hash_password("pw")
    assert first != second
    assert ScryptHash.parse(first).matches("pw")
    assert not ScryptHash.parse(first).matches("pw ")


def test_password_file_errors_name_the_line(tmp_path: Path) -> None:
    good = hash_password("x")
    cases = {
        f"ana:{good}\nbob {good}\n": ":2: expected NAME:HASH",
        f"ana:{good}\n-x:{good}\n": ":2: invalid name '-x'",
        "ana:md5$abc\n": ":1: bad hash for 'ana': expected scrypt$N$r$p$SALT$KEY",
        f"ana:{good}\nana:{good}\n": ":2: 'ana' appears twice",
        "# nothing\n": "no entries",
    }
    for text, expected in cases.items():
        path = tmp_path / "pw.txt"
        path.write_text(text)
        with pytest.raises(PasswordFileError) as caught:
            PasswordBook.load(path)
        assert expected in str(caught.value)
        assert str(path) in str(caught.value)


def test_a_missing_password_file_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(PasswordFileError,
                       match=r"absent.txt: cannot read the file \(No such file"):
        PasswordBook.load(tmp_path / "absent.txt")


def _public_line(key: asyncssh.SSHKey, comment: str) -> str:
    kind, data = key.export_public_key("openssh").decode().split()[:2]
    return f"{kind} {data} {comment}\n"


def test_a_key_belongs_to_the_name_in_its_comment(tmp_path: Path) -> None:
    ana, bob = asyncssh.generate_private_key("ssh-ed25519"), asyncssh.generate_private_key("ssh-ed25519")
    path = tmp_path / "keys"
    path.write_text(
        "# students\n"
        + _public_line(ana, "ana")
        + _public_line(bob, "bob")
    )
    book = KeyBook.load(path)
    assert book.check("ana", bytes(ana.public_data))
    assert not book.check("ana", bytes(bob.public_data))
    assert not book.check("carol", bytes(ana.public_data))


def test_key_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    path.write_text("ssh-ed25519 AAAAnotbase64 ana\n")
    with pytest.raises(KeyFileError, match=r":1: not an OpenSSH public key"):
        KeyBook.load(path)
    path.write_text("ssh-ed25519 AAAA\n")
    with pytest.raises(KeyFileError, match=r":1: expected 'TYPE BASE64 NAME'"):
        KeyBook.load(path)


def test_the_host_key_is_made_once_private_and_then_reused(tmp_path: Path) -> None:
    path = tmp_path / "data" / "host_key"
    first, created = load_or_create_host_key(path)
    assert created
    assert path.stat().st_mode & 0o777 == 0o600
    second, created_again = load_or_create_host_key(path)
    assert not created_again
    assert first.get_fingerprint() == second.get_fingerprint()


def test_an_unreadable_host_key_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "host_key"
    path.write_text("not a key")
    with pytest.raises(KeyFileError, match="cannot read host key"):
        load_or_create_host_key(path)


def test_the_limiter_locks_after_five_failures_for_thirty_seconds() -> None:
    now = [0.0]
    limiter = FailureLimiter(limit=5, window=60, lockout=30, clock=lambda: now[0])
    for _ in range(4):
        limiter.record_failure("10.0.0.7")
    assert not limiter.locked("10.0.0.7")
    limiter.record_failure("10.0.0.7")
    assert limiter.locked("10.0.0.7")
    assert not limiter.locked("10.0.0.8")
    now[0] = 29.9
    assert limiter.locked("10.0.0.7")
    now[0] = 30.0
    assert not limiter.locked("10.0.0.7")


def test_failures_spread_beyond_the_window_do_not_lock() -> None:
    now = [0.0]
    limiter = FailureLimiter(limit=5, window=60, lockout=30, clock=lambda: now[0])
    for step in range(10):
        now[0] = step * 20.0  # never 5 within 60 s
        limiter.record_failure("a")
        assert not limiter.locked("a")
