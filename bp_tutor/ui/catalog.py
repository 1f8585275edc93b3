"""The lessons the app shows, loaded once per language and kept.

Parsing every lesson file (TOML header, Markdown, math conversion) on each screen change would be
wasted work, and the home screen is the first frame: the catalog loads a language on first use and
answers from memory afterwards.

A teacher's own lessons folder (`--lessons DIR`) is added to the shipped curriculum rather than
replacing it: a class keeps the shipped lessons and gains the teacher's. The lessons are listed by
file name, so a teacher's `13-attention.md` comes after the shipped twelve and a `08b-...md` among
them; a teacher's lesson with the id of a shipped one replaces it (at its own file name's place).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from bp_tutor.ui.contracts import LessonLike

LessonLoader = Callable[[Path, str], Sequence[LessonLike]]


def default_loader(root: Path, lang: str) -> Sequence[LessonLike]:
    """Lessons of one language via `bp_tutor.lessons.loader.load_lessons`."""
    from bp_tutor.lessons.loader import load_lessons

    return load_lessons(lang, root)


def _with_error(lesson: LessonLike, error: str) -> LessonLike:
    """`lesson` shown as unreadable, with `error` where its content would be."""
    if dataclasses.is_dataclass(lesson) and not isinstance(lesson, type):
        return dataclasses.replace(lesson, error=error, steps=())
    return lesson


def overlay(
    shipped: Sequence[LessonLike],
    added: Sequence[LessonLike],
    broken: Mapping[Path, str] | None = None,
    hide_broken: bool = False,
) -> list[LessonLike]:
    """The shipped lessons with the teacher's added, in file-name order (a shipped file first when
    both folders have the name); an added lesson replaces the shipped one with its id.

    `broken` maps a lesson file (resolved) to what is wrong with it (from `bp-tutor check`). Such
    a lesson is shown with that error instead of its content, or with `hide_broken` (a served
    class: students should not meet a broken lesson) left out, a shipped one it would have
    replaced then staying.
    """
    broken = broken or {}
    kept: list[LessonLike] = []
    for lesson in added:
        error = broken.get(lesson.path.resolve())
        if error is not None:
            if hide_broken:
                continue
            lesson = _with_error(lesson, error)
        kept.append(lesson)
    replaced = {lesson.id for lesson in kept}
    merged = [lesson for lesson in shipped if lesson.id not in replaced] + kept
    return sorted(merged, key=lambda lesson: lesson.path.name)  # stable: shipped first on a tie


class LessonCatalog:
    """Lessons by language, from `root` (holding `en/` and `zh/`), kept after the first load.

    Without `root`: the shipped lessons, with the teacher's folder (`added`, by default
    `bp_tutor.paths.added_lessons_dir()`) laid over them as `overlay` says, `broken` and
    `hide_broken` going to it. With `cache_dir`, parsed lessons are also cached on disk between
    runs (`lesson_cache`).
    """

    def __init__(
        self,
        root: Path | None = None,
        loader: LessonLoader | None = None,
        cache_dir: Path | None = None,
        *,
        added: Path | None = None,
        broken: Mapping[Path, str] | None = None,
        hide_broken: bool = False,
    ) -> None:
        if root is None:
            from bp_tutor.paths import added_lessons_dir, lessons_dir

            root = lessons_dir()
            if added is None:
                added = added_lessons_dir()
        self.root = root
        self.added = added
        self._broken = dict(broken or {})
        self._hide_broken = hide_broken
        self._loader: LessonLoader = loader if loader is not None else default_loader
        # Only the standard loader reads files the cache can fingerprint.
        self._cache_dir = cache_dir if loader is None else None
        self._by_language: dict[str, tuple[LessonLike, ...]] = {}

    def _load(self, root: Path, lang: str) -> Sequence[LessonLike]:
        if self._cache_dir is not None:
            from bp_tutor.ui.lesson_cache import cached_load

            return cached_load(self._cache_dir, root, lang, self._loader)
        return self._loader(root, lang)

    def lessons(self, lang: str) -> tuple[LessonLike, ...]:
        """Every lesson in `lang`, in curriculum order (by file name)."""
        if lang not in self._by_language:
            found: Sequence[LessonLike] = self._load(self.root, lang)
            if self.added is not None:
                found = overlay(found, self._load(self.added, lang), self._broken, self._hide_broken)
            self._by_language[lang] = tuple(found)
        return self._by_language[lang]

    def get(self, lang: str, lesson_id: str) -> LessonLike | None:
        """The lesson with `lesson_id`, or None."""
        return next((lesson for lesson in self.lessons(lang) if lesson.id == lesson_id), None)

    def titles(self, lang: str) -> dict[str, str]:
        """Lesson id → title, to name prerequisites by title."""
        return {lesson.id: lesson.title for lesson in self.lessons(lang)}

    def close_ids(self, lang: str, lesson_id: str, limit: int = 3) -> list[str]:
        """Known ids resembling `lesson_id` (for "did you mean"); every id when none is close."""
        ids = [lesson.id for lesson in self.lessons(lang)]
        close = difflib.get_close_matches(lesson_id, ids, n=limit, cutoff=0.5)
        close += [i for i in ids if lesson_id in i and i not in close]
        return close[:limit] if close else ids
