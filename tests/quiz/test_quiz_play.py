"""`bp-tutor check --play`: every shipped quiz answered on screen, right and with each mistake."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from bp_tutor.paths import lessons_dir
from bp_tutor.quiz.play import PlayRun, play_folder

LESSON = """+++
id = "tiny"
title = "Tiny"
prerequisites = []
objectives = ["Check the player"]
minutes = 1
+++

# Tiny

::: quiz kind={kind} seed=3
:::
"""


@pytest.mark.slow
def test_shipped_lessons_play_cleanly() -> None:
    lines: list[str] = []
    problems = play_folder(lessons_dir(), echo=lines.append)
    assert list(problems) == []
    assert int(problems) == 0
    assert lines[-1].startswith("played ") and not lines[-1].startswith("played 0 ")


def test_a_bad_quiz_is_reported_with_its_place(tmp_path: Path) -> None:
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "01-tiny.md").write_text(LESSON.format(kind="no_such_kind"), encoding="utf-8")
    problems = play_folder(tmp_path, echo=None)
    assert int(problems) == 1
    [line] = problems
    assert "01-tiny.md:11" in line and "no_such_kind" in line


def test_a_misnamed_misconception_is_caught(tmp_path: Path) -> None:
    """A driver that shows a wrong title for one mistake must produce exactly one problem."""
    from bp_tutor.ui.widgets.quiz_play import DRIVER

    class Garbling:
        def feedback(self, runs: Sequence[PlayRun]) -> list[str]:
            shown = DRIVER.feedback(runs)
            return [text if i != 1 else "✗ Not right. Something else." for i, text in
                    enumerate(shown)]

        def right_text(self, lang: str) -> str:
            return DRIVER.right_text(lang)

    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "01-tiny.md").write_text(LESSON.format(kind="layer_db"), encoding="utf-8")
    problems = play_folder(tmp_path, echo=None, driver=Garbling())
    assert len(problems) == 1 and "did not name it" in problems[0]


def test_a_good_quiz_plays(tmp_path: Path) -> None:
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "01-tiny.md").write_text(LESSON.format(kind="layer_db"), encoding="utf-8")
    lines: list[str] = []
    assert list(play_folder(tmp_path, "en", echo=lines.append)) == []
    assert lines == ["played 1 quizzes: 0 problems"]
