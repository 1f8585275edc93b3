"""Lesson catalog: memory and disk caching, close ids."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from bp_tutor.lessons.loader import load_lessons
from bp_tutor.ui.catalog import LessonCatalog, default_loader
from bp_tutor.ui.contracts import LessonLike, step_segments
from bp_tutor.ui.lesson_cache import cached_load, lesson_from_json, lesson_to_json
from tests.ui.fakes import FIXTURE_LESSONS


class CountingLoader:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, root: Path, lang: str) -> Sequence[LessonLike]:
        self.calls += 1
        return default_loader(root, lang)


def test_a_language_is_loaded_once_per_catalog() -> None:
    loader = CountingLoader()
    catalog = LessonCatalog(FIXTURE_LESSONS, loader)
    assert [lesson.id for lesson in catalog.lessons("en")] == ["basics", "neuron", "broken"]
    catalog.lessons("en")
    assert catalog.get("en", "neuron") is not None
    assert loader.calls == 1
    assert catalog.get("zh", "neuron") is not None and loader.calls == 2


def test_close_ids_suggest_similar_lessons() -> None:
    catalog = LessonCatalog(FIXTURE_LESSONS)
    assert catalog.close_ids("en", "nueron")[0] == "neuron"
    assert catalog.close_ids("en", "zzz") == ["basics", "neuron", "broken"]  # nothing close


def test_cached_lessons_equal_freshly_parsed_ones(tmp_path: Path) -> None:
    fresh = load_lessons("en", FIXTURE_LESSONS)
    for lesson in fresh:
        again = lesson_from_json(lesson_to_json(lesson))
        assert (again.id, again.title, again.prerequisites, again.error) == (
            lesson.id, lesson.title, lesson.prerequisites, lesson.error,
        )
        assert len(again.steps) == len(lesson.steps)
        for mine, theirs in zip(again.steps, lesson.steps, strict=True):
            assert step_segments(mine) == tuple(  # same fields, field by field
                type(m)(**vars(t)) for m, t in zip(step_segments(mine), step_segments(theirs),
                                                    strict=True)
            )


def test_disk_cache_is_used_until_a_lesson_file_changes(tmp_path: Path) -> None:
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    cache = tmp_path / "cache"
    loader = CountingLoader()
    first = cached_load(cache, root, "en", loader)
    second = cached_load(cache, root, "en", loader)
    assert loader.calls == 1
    assert [x.title for x in first] == [x.title for x in second]

    path = root / "en" / "01-basics.md"
    path.write_text(path.read_text(encoding="utf-8").replace("in one page", "on a napkin"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    third = cached_load(cache, root, "en", loader)
    assert loader.calls == 2
    assert third[0].title == "Derivatives on a napkin"


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    loader = CountingLoader()
    cached_load(cache, FIXTURE_LESSONS, "en", loader)
    for file in cache.iterdir():
        file.write_text("{torn", encoding="utf-8")
    lessons = cached_load(cache, FIXTURE_LESSONS, "en", loader)
    assert loader.calls == 2 and len(lessons) == 3
