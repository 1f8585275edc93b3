"""`bp-tutor check` end to end, including on the shipped lessons."""

from __future__ import annotations

from pathlib import Path

import pytest

from bp_tutor.cli import main
from bp_tutor.paths import lessons_dir

FIXTURES = Path(__file__).parent / "fixtures"


def test_clean_folder_prints_a_summary_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURES / "good")]) == 0
    assert capsys.readouterr().out == "4 lessons in 2 languages (en, zh), 0 problems\n"


def test_problems_are_printed_one_per_line_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(FIXTURES / "prereq")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{FIXTURES}/prereq/01-a.md:4: prerequisites form a cycle: a -> c -> b -> a",
        f"{FIXTURES}/prereq/02-b.md:4: prerequisite 'missing' is not the id of any lesson in"
        " this folder",
        f"{FIXTURES}/prereq/04-again.md:2: id 'a' is already used by 01-a.md",
        "4 lessons in 1 language (prereq), 3 problems",
    ]


def test_the_command_uses_the_quiz_evaluator_for_arithmetic(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["check", str(FIXTURES / "numbers")])
    out = capsys.readouterr().out
    assert "no arithmetic evaluator" not in out
    assert "the lesson says 0.334 but 1/3 is 0.3333333333" in out


def test_a_missing_folder_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().out == f"bp-tutor check: {tmp_path / 'nope'} is not a folder\n"


def test_the_shipped_lessons_pass(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", str(lessons_dir())])
    out = capsys.readouterr().out
    assert status == 0, out
    assert out.endswith(", 0 problems\n")
