"""Checks on everything that goes into the store, so bad input is refused with a clear message
before it can reach SQL, and conversions between datetimes and the stored epoch seconds.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

from bp_tutor.progress.errors import StoreError

VERDICTS: frozenset[str] = frozenset({"right", "wrong", "partial"})

# ASCII only and no leading "." or "-": names double as SSH login names and may end up in file
# names of reports, where "-x" reads as an option and ".x" hides the file.
_STUDENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
STUDENT_NAME_RULE = "1-32 characters: letters, digits, '.', '_' or '-', starting with a letter or digit"

MAX_LABEL_CHARS = 200
# Seeds are stored as a signed 64-bit integer on both backends.
_SEED_MIN, _SEED_MAX = -(2**63), 2**63 - 1


def check_student_name(name: object) -> str:
    """Return `name` if it is a valid student identity, else raise StoreError saying why."""
    if not isinstance(name, str):
        raise StoreError(f"student name must be text, got {type(name).__name__}")
    if _STUDENT_NAME.fullmatch(name) is None:
        raise StoreError(f"invalid student name {name!r}: expected {STUDENT_NAME_RULE}")
    return name


def check_label(field: str, value: object, *, optional: bool = False) -> str | None:
    """Identifiers written by the program (kind, topic, lesson id, misconception): non-empty text
    without control characters, at most MAX_LABEL_CHARS long."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise StoreError(f"{field} must be text, got {type(value).__name__}")
    if not value.strip():
        raise StoreError(f"{field} must not be empty")
    if len(value) > MAX_LABEL_CHARS:
        raise StoreError(f"{field} is {len(value)} characters long; at most {MAX_LABEL_CHARS}")
    for position, char in enumerate(value):
        if char < " " or char == "\x7f" or "\ud800" <= char <= "\udfff":
            raise StoreError(f"{field} has a control character {char!r} at position {position}: {value!r}")
    return value


def storable_text(text: object) -> str:
    """Make a student's free-text answer storable on both backends without refusing it.

    PostgreSQL text cannot hold NUL and neither driver can encode lone surrogates (which a
    terminal can produce from undecodable bytes), so those become visible stand-ins (U+2400 for
    NUL, U+FFFD for a surrogate) instead of losing the whole attempt.
    """
    if not isinstance(text, str):
        raise StoreError(f"answer must be text, got {type(text).__name__}")
    if "\x00" in text:
        text = text.replace("\x00", "\u2400")
    return text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in text)


def check_verdict(verdict: object) -> str:
    if verdict not in VERDICTS:
        raise StoreError(f"verdict must be one of right, wrong, partial; got {verdict!r}")
    assert isinstance(verdict, str)
    return verdict


def check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise StoreError(f"seed must be an integer, got {type(seed).__name__}")
    if not _SEED_MIN <= seed <= _SEED_MAX:
        raise StoreError(f"seed {seed} does not fit in 64 bits (from -2**63 to 2**63-1)")
    return seed


def check_count(field: str, value: object, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise StoreError(f"{field} must be an integer, got {type(value).__name__}")
    if not minimum <= value <= 2**31 - 1:
        raise StoreError(f"{field} must be between {minimum} and 2147483647, got {value}")
    return value


def check_seconds(seconds: object) -> float:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise StoreError(f"seconds must be a number, got {type(seconds).__name__}")
    value = float(seconds)
    if not math.isfinite(value) or value < 0:
        raise StoreError(f"seconds must be a finite number >= 0, got {seconds!r}")
    return value


def to_epoch(moment: datetime) -> float:
    """Seconds since 1970 UTC. A naive datetime is local time, as `datetime.timestamp` reads it."""
    if not isinstance(moment, datetime):
        raise StoreError(f"expected a datetime, got {type(moment).__name__}")
    return moment.timestamp()


def from_epoch(seconds: float) -> datetime:
    """The stored epoch seconds as an aware UTC datetime."""
    return datetime.fromtimestamp(seconds, tz=UTC)
