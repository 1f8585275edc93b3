"""The PostgreSQL test fixture fails, with install advice, when the server binaries are missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pg


def test_missing_binaries_fail_with_install_advice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(pg.shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y postgresql"):
        pg.start_server(tmp_path)
