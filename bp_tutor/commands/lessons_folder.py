"""`--lessons DIR`: a teacher's own lessons folder, added to the shipped lessons.

The folder has the shipped folder's layout: `en/` and `zh/` holding `NN-name.md` lesson files,
and optionally `presets/`. A folder that is not there or has no lessons in that layout is a typo
and stops the command (exit status 2). Lessons that fail `bp-tutor check` do not stop it: the
problems are printed as `file:line: message`, and the lesson is shown with its problem instead of
its content (on the teacher's own screen), or left out (in a served class, where students should
meet only lessons that work), while every other lesson is shown.

Only the standard library is imported at the top: `cli` calls `use_lessons_folder` for every
command, --help included.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bp_tutor.lessons.problems import Problem

LANGUAGE_FOLDERS = ("en", "zh")


def _has_lessons(folder: Path) -> bool:
    return folder.is_dir() and any(path.is_file() for path in folder.glob("*.md"))


def layout_problem(folder: Path) -> tuple[str, dict[str, str]] | None:
    """Why `folder` cannot be a lessons folder (a string key and its fields), or None."""
    shown = {"dir": str(folder)}
    if not folder.exists():
        return "app.cli.lessons_missing", shown
    if not folder.is_dir():
        return "app.cli.lessons_not_folder", shown
    if any(_has_lessons(folder / lang) for lang in LANGUAGE_FOLDERS):
        return None
    if _has_lessons(folder):
        # `--lessons mine/en`, or lesson files put straight into the folder.
        return "app.cli.lessons_flat", shown
    return "app.cli.lessons_empty", shown


def use_lessons_folder(value: str | None, lang: str) -> str | None:
    """Make `value` (or BP_TUTOR_LESSONS when None) the lessons folder of this process and of those
    it starts; the message to print if it cannot be one."""
    from bp_tutor.paths import ADDED_LESSONS_ENV
    from bp_tutor.ui.i18n import text_in

    option = "--lessons" if value is not None else ADDED_LESSONS_ENV
    text = value if value is not None else os.environ.get(ADDED_LESSONS_ENV, "")
    if not text.strip():
        return text_in(lang, "app.cli.lessons_empty_option", option=option)
    folder = Path(text).expanduser().absolute()
    problem = layout_problem(folder)
    if problem is not None:
        key, fields = problem
        return text_in(lang, key, option=option, **fields)
    os.environ[ADDED_LESSONS_ENV] = str(folder)
    return None


@dataclass
class FolderCheck:
    """What `bp-tutor check` finds in a teacher's folder, by lesson file."""

    folder: Path
    problems: list[Problem] = field(default_factory=list)
    # A lesson file (resolved) -> its problems, printed as `check` prints them.
    broken: dict[Path, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]


def shipped_lesson_ids() -> dict[str, list[str]]:
    """The shipped lessons' ids by language: a teacher's folder is added to them, so its
    prerequisites may name them."""
    from bp_tutor.paths import lessons_dir
    from bp_tutor.ui.catalog import LessonCatalog
    from bp_tutor.ui.i18n import LANGUAGES
    from bp_tutor.ui.lesson_cache import lesson_cache_dir

    shipped = LessonCatalog(lessons_dir(), cache_dir=lesson_cache_dir())
    return {lang: [lesson.id for lesson in shipped.lessons(lang)] for lang in LANGUAGES}


def check_added_folder(folder: Path) -> FolderCheck:
    """Check `folder` as `bp-tutor check` does, its lessons taking the shipped ones as known
    prerequisites (they are added to them)."""
    from bp_tutor.lessons.validate import check_library
    from bp_tutor.quiz import KINDS
    from bp_tutor.quiz.answer import evaluate_expression

    report = check_library(folder, evaluate=evaluate_expression, quiz_kinds=frozenset(KINDS),
                           known_ids=shipped_lesson_ids())
    found = FolderCheck(folder, list(report.problems))
    by_file: dict[Path, list[str]] = {}
    for problem in report.problems:
        if problem.path.suffix == ".md":
            by_file.setdefault(problem.path.resolve(), []).append(str(problem))
    found.broken = {path: "\n".join(texts) for path, texts in by_file.items()}
    return found
