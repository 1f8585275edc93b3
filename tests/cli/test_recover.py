"""A damaged progress database stops the tutor with advice; --recover keeps it aside and goes on."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BP_TUTOR_DATA_DIR": str(data), "BP_TUTOR_EXIT_AFTER_FIRST_FRAME": "1"}
    return subprocess.run([sys.executable, "-m", "bp_tutor", *args], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=120, stdin=subprocess.DEVNULL)


def test_damaged_database_is_reported_then_moved_aside_on_request(tmp_path):
    garbage = bytes(range(256)) * 20
    db = tmp_path / "progress.sqlite3"
    db.write_bytes(garbage)

    refused = _run(tmp_path, "lesson", "derivatives")
    assert refused.returncode == 1
    assert "is not a SQLite database" in refused.stderr
    assert "--recover" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert db.read_bytes() == garbage  # untouched

    recovered = _run(tmp_path, "lesson", "derivatives", "--recover")
    assert recovered.returncode == 0, recovered.stderr
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("progress.sqlite3.corrupt-")]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert str(kept[0]) in recovered.stderr
    assert db.read_bytes()[:16] == b"SQLite format 3\x00"  # a new, real database


def test_the_teacher_never_creates_an_empty_class_database(tmp_path):
    missing = tmp_path / "nowhere" / "class.sqlite3"
    out = _run(tmp_path, "class", "report", "--db", str(missing))
    assert out.returncode == 2
    assert f"no progress database at {missing}" in out.stderr
    assert not missing.parent.exists()
