"""Loading the lesson library for the interface.

The loader never raises: a file that cannot be read still becomes a `Lesson`, named after its
file and carrying its first problem in `error`, so the lesson list can show it with the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bp_tutor.lessons import schema
from bp_tutor.lessons.analysis import analyse_lesson
from bp_tutor.lessons.model import Lesson
from bp_tutor.textfile import UnreadableFileError, read_text

# Folders next to the language folders that hold something else.
NOT_LANGUAGES = frozenset({"presets"})


def _default_root() -> Path:
    from bp_tutor.paths import lessons_dir

    return lessons_dir()


def available_languages(root: Path | None = None) -> list[str]:
    """Sub-folders of `root` that hold at least one lesson file, sorted."""
    folder = root if root is not None else _default_root()
    if not folder.is_dir():
        return []
    return sorted(
        child.name
        for child in folder.iterdir()
        if child.is_dir() and child.name not in NOT_LANGUAGES and any(child.glob("*.md"))
    )


def lesson_files(folder: Path) -> list[Path]:
    """The lesson files of one language folder in curriculum order (their file names)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md") if p.is_file())


def load_lessons(lang: str, root: Path | None = None) -> list[Lesson]:
    """All lessons of `lang` under `root` (default: the shipped lessons), in curriculum order."""
    folder = (root if root is not None else _default_root()) / lang
    return [load_lesson(path, lang) for path in lesson_files(folder)]


def _broken(path: Path, lang: str, error: str, header: dict[str, Any] | None = None) -> Lesson:
    header = header or {}
    title = header.get("title")
    return Lesson(
        id=schema.id_from_file_name(path.name),
        title=title if isinstance(title, str) and title.strip() else path.stem,
        prerequisites=(),
        objectives=(),
        minutes=0,
        lang=lang,
        path=path,
        steps=(),
        error=error,
    )


def load_lesson(path: Path, lang: str) -> Lesson:
    """One lesson file; see the module docstring for what happens to a broken one."""
    try:
        text = read_text(path)
    except UnreadableFileError as exc:
        return _broken(path, lang, f"{path}:1: {exc.reason}")
    try:
        analysis = analyse_lesson(path, text)
    except Exception as exc:  # a bug in the renderer must not take the lesson list down with it
        return _broken(path, lang, f"{path}:1: the lesson could not be read: {exc!r}")
    if analysis.problems:
        return _broken(path, lang, analysis.problems[0].headline, analysis.parsed.header)
    header = analysis.header
    return Lesson(
        id=header["id"],
        title=header["title"],
        prerequisites=tuple(header["prerequisites"]),
        objectives=tuple(header["objectives"]),
        minutes=header["minutes"],
        lang=lang,
        path=path,
        steps=tuple(analysis.steps),
        error=None,
    )
