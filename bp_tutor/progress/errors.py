"""The errors of the progress store: every failure reaches the caller as a one-line StoreError."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The progress store could not do what was asked; the message says what, where and why.

    Messages are always a single line so a status bar or a log can show them whole.
    """

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


class CorruptStoreError(StoreError):
    """The database file exists but cannot be read as a progress database (damaged or unreadable).

    `path` is where the bad file still is; only `open_store(..., recover=True)` moves it aside.
    """

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class NewerSchemaError(StoreError):
    """The database was written by a newer bp-tutor; it is refused and left exactly as it was."""


def one_line(text: str) -> str:
    """Collapse driver messages (PostgreSQL's span several lines) into one readable line."""
    parts = [part.strip() for part in str(text).splitlines() if part.strip()]
    return " | ".join(parts) if parts else "unknown error"
