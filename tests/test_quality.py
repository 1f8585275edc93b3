"""The code stays lint-clean, type-checked, and layered as the architecture says."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean():
    out = _run(sys.executable, "-m", "ruff", "check", "bp_tutor", "tests", "benchmarks", "scripts")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_is_clean():
    out = _run(sys.executable, "-m", "mypy", "bp_tutor")
    assert out.returncode == 0, out.stdout + out.stderr


def test_import_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    out = _run(exe)
    assert out.returncode == 0, out.stdout + out.stderr
    assert re.search(r"Contracts: \d+ kept, 0 broken", out.stdout), out.stdout
