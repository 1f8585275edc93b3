"""`bp-tutor class report`: the gradebook's numbers against the hand-worked class."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bp_tutor.cli import main
from bp_tutor.progress import open_store
from tests.classroom.class_data import EXPECTED, fill_class


def _report(db: Path | str, form: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["class", "report", "--format", form, "--db", str(db)]) == 0
    return capsys.readouterr().out


def test_the_csv_report_matches_the_store(class_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = class_db
    fill_class(db)
    rows = list(csv.DictReader(io.StringIO(_report(db, "csv", capsys))))
    assert [row["student"] for row in rows] == ["ana", "bob"]
    for row in rows:
        expected = EXPECTED[row["student"]]
        for column in ("lessons_done", "lessons_started", "attempts", "right"):
            assert int(row[column]) == expected[column], (row["student"], column)
        for topic in ("backprop", "derivatives"):
            cell = row[f"mastery:{topic}"]
            wanted = expected["mastery"].get(topic)
            if wanted is None:
                assert cell == ""
            else:
                assert float(cell) == pytest.approx(wanted, abs=5e-5)


def test_the_json_report_matches_the_store(class_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = class_db
    fill_class(db)
    students = json.loads(_report(db, "json", capsys))["students"]
    assert {s["student"] for s in students} == set(EXPECTED)
    for entry in students:
        expected = EXPECTED[entry["student"]]
        for field in ("lessons_done", "lessons_started", "attempts", "right"):
            assert entry[field] == expected[field]
        assert entry["mastery"] == pytest.approx(expected["mastery"], abs=1e-12)


def test_a_report_of_an_empty_class_has_only_the_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sqlite3"
    open_store(empty).close()  # a class database the server created, nobody answered yet
    assert _report(empty, "csv", capsys) == (
        "student,lessons_done,lessons_started,attempts,right\n"
    )


def test_a_bad_database_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["class", "report", "--db", "oracle://db"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("bp-tutor: --db: unsupported progress database oracle://")
