"""The small per-user settings file (theme for now), written atomically.

A torn or hand-edited file must never stop the app from starting: anything unreadable falls back
to the defaults, and saving writes a temporary file next to the real one and renames it over, so a
crash mid-write leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

THEMES: tuple[str, ...] = ("dark", "light")


@dataclass(frozen=True)
class Settings:
    """What the app remembers between runs."""

    theme: str = "dark"


def settings_path() -> Path:
    """Where the settings live (see `bp_tutor.paths.settings_path`)."""
    from bp_tutor import paths

    return paths.settings_path()


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when the file is missing or not understood."""
    target = path if path is not None else settings_path()
    try:
        raw = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    theme = raw.get("theme")
    return Settings(theme=theme if theme in THEMES else Settings.theme)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write `settings` atomically (temporary file in the same folder, then rename)."""
    target = path if path is not None else settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(settings), handle, indent=2)
            handle.write("\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
