"""`bp-tutor lesson ID` with an unknown id, and language resolution."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bp_tutor.commands.app_cmd import resolve_language

REPO = Path(__file__).resolve().parents[2]


def test_unknown_lesson_id_is_one_line_with_close_ids_and_exit_2(data_dir: Path) -> None:
    env = {**os.environ, "BP_TUTOR_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "bp_tutor", "--lang", "en", "lesson", "nueron"],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=60, check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "nueron" in lines[0] and "neuron" in lines[0]
    assert result.stdout == ""


def test_language_comes_from_the_flag_then_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert resolve_language(argparse.Namespace(lang=None)) == "zh"
    assert resolve_language(argparse.Namespace(lang="en")) == "en"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert resolve_language(argparse.Namespace()) == "en"
