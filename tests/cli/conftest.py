"""The commands' output depends on the locale (their language) and the terminal's width: both are
fixed here, so a test reads the same output whoever runs it and from whatever terminal."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english_locale_and_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "80")  # `shutil.get_terminal_size` reads it before the terminal
