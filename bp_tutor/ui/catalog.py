"""The lessons the app shows, loaded once per language and kept.

Parsing every lesson file (TOML header, Markdown, math conversion) on each screen change would be
wasted work, and the home screen is the first frame: the catalog loads a language on first use and
answers from memory afterwards.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from pathlib import Path

from bp_tutor.ui.contracts import LessonLike

LessonLoader = Callable[[Path, str], Sequence[LessonLike]]


def default_loader(root: Path, lang: str) -> Sequence[LessonLike]:
    """Lessons of one language via `bp_tutor.lessons.loader.load_lessons`."""
    from bp_tutor.lessons.loader import load_lessons

    return load_lessons(lang, root)


class LessonCatalog:
    """Lessons by language, from `root` (holding `en/` and `zh/`), kept after the first load.

    With `cache_dir`, parsed lessons are also cached on disk between runs (`lesson_cache`).
    """

    def __init__(
        self,
        root: Path | None = None,
        loader: LessonLoader | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        if root is None:
            from bp_tutor.paths import lessons_dir

            root = lessons_dir()
        self.root = root
        self._loader: LessonLoader = loader if loader is not None else default_loader
        # Only the standard loader reads files the cache can fingerprint.
        self._cache_dir = cache_dir if loader is None else None
        self._by_language: dict[str, tuple[LessonLike, ...]] = {}

    def lessons(self, lang: str) -> tuple[LessonLike, ...]:
        """Every lesson in `lang`, in curriculum order (the loader's order: by file name)."""
        if lang not in self._by_language:
            if self._cache_dir is not None:
                from bp_tutor.ui.lesson_cache import cached_load

                found = cached_load(self._cache_dir, self.root, lang, self._loader)
            else:
                found = self._loader(self.root, lang)
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
