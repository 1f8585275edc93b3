"""A disk cache of parsed lessons, so the first frame does not wait for the lesson parser.

Parsing a lesson (TOML, Markdown, LaTeX to Unicode) costs milliseconds per file, and importing
the parser costs more: together a noticeable share of start-up. The parsed lessons of one
language are stored as JSON under the user's data folder, with a fingerprint of everything that
could change them: the lesson files (name, size, modification time) and the parser's own source
files. Any difference, or any trouble reading the cache, means a normal parse; the cache is never
the only copy of anything. Cached lessons come back as the lesson model's own records
(`bp_tutor.lessons.model`, which imports nothing of the parser), so a cache hit does not import
the parser at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bp_tutor.lessons.model import Block, Lesson, Prose, Step

CACHE_FORMAT = 1


def lesson_cache_dir() -> Path:
    """The user's cache folder (see `bp_tutor.paths.cache_dir`)."""
    from bp_tutor.paths import cache_dir

    return cache_dir()


def _stat_lines(paths: Sequence[Path]) -> list[str]:
    lines = []
    for path in sorted(paths):
        info = path.stat()
        lines.append(f"{path}\t{info.st_size}\t{info.st_mtime_ns}")
    return lines


def fingerprint(root: Path, lang: str) -> str:
    """A digest of the lesson files of `lang` under `root` and of the lesson parser's sources."""
    import bp_tutor

    # Located without importing bp_tutor.lessons, which would load the whole parser.
    parser_sources = list((Path(bp_tutor.__file__).parent / "lessons").glob("*.py"))
    lesson_files = list((root / lang).glob("*.md")) if (root / lang).is_dir() else []
    header = [f"format {CACHE_FORMAT}", f"version {bp_tutor.__version__}", str(root.resolve())]
    text = "\n".join([*header, lang, *_stat_lines(parser_sources), *_stat_lines(lesson_files)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_file(cache_dir: Path, root: Path, lang: str) -> Path:
    """One file per lesson folder and language."""
    name = hashlib.sha256(f"{root.resolve()}\0{lang}".encode()).hexdigest()[:16]
    return cache_dir / f"lessons-{lang}-{name}.json"


def _segment_to_json(segment: Any) -> dict[str, Any]:
    if hasattr(segment, "type") and hasattr(segment, "attrs"):
        return {
            "block": segment.type,
            "attrs": {str(k): str(v) for k, v in segment.attrs.items()},
            "body": segment.body,
            "line": segment.line,
        }
    return {"markdown": segment.markdown, "line": segment.line}


def lesson_to_json(lesson: Any) -> dict[str, Any]:
    """A loaded lesson as plain JSON data."""
    return {
        "id": lesson.id,
        "title": lesson.title,
        "prerequisites": list(lesson.prerequisites),
        "objectives": list(lesson.objectives),
        "minutes": lesson.minutes,
        "lang": lesson.lang,
        "path": str(lesson.path),
        "steps": [
            [_segment_to_json(s) for s in getattr(step, "segments", step)] for step in lesson.steps
        ],
        "error": lesson.error,
    }


def _segment_from_json(data: dict[str, Any]) -> Prose | Block:
    if "block" in data:
        return Block(data["block"], dict(data["attrs"]), data["body"], data["line"])
    return Prose(data["markdown"], data["line"])


def lesson_from_json(data: dict[str, Any]) -> Lesson:
    return Lesson(
        id=data["id"],
        title=data["title"],
        prerequisites=tuple(data["prerequisites"]),
        objectives=tuple(data["objectives"]),
        minutes=data["minutes"],
        lang=data["lang"],
        path=Path(data["path"]),
        steps=tuple(
            Step(tuple(_segment_from_json(s) for s in step)) for step in data["steps"]
        ),
        error=data["error"],
    )


def cached_load(
    cache_dir: Path, root: Path, lang: str, load: Callable[[Path, str], Sequence[Any]]
) -> Sequence[Any]:
    """The lessons from the cache when it matches, else from `load` (then the cache is renewed)."""
    try:
        key = fingerprint(root, lang)
    except OSError:
        return load(root, lang)
    target = cache_file(cache_dir, root, lang)
    try:
        stored = json.loads(target.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            return [lesson_from_json(item) for item in stored["lessons"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # missing, torn or from another version: parse instead
    lessons = list(load(root, lang))
    # A read-only data folder only costs speed.
    with contextlib.suppress(OSError, TypeError, ValueError):
        payload = {"key": key, "lessons": [lesson_to_json(lesson) for lesson in lessons]}
        _write_atomically(target, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return lessons


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".lessons-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
