"""The shapes the UI needs from the lesson loader and the progress store.

The UI talks to `bp_tutor.lessons` and `bp_tutor.progress` through these structural types only, so
tests can hand it fakes and the two packages can evolve without the UI importing their internals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol, cast, runtime_checkable


@runtime_checkable
class ProseLike(Protocol):
    """A run of Markdown inside a lesson step (math already turned into Unicode)."""

    @property
    def markdown(self) -> str: ...
    @property
    def line(self) -> int: ...


@runtime_checkable
class BlockLike(Protocol):
    """An interactive block (`::: TYPE key=value`) inside a lesson step."""

    @property
    def type(self) -> str: ...
    @property
    def attrs(self) -> Mapping[str, object]: ...
    @property
    def body(self) -> str: ...
    @property
    def line(self) -> int: ...


class LessonLike(Protocol):
    """One lesson as the loader returns it; `error` is set when the file could not be read."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def prerequisites(self) -> Sequence[str]: ...
    @property
    def objectives(self) -> Sequence[str]: ...
    @property
    def minutes(self) -> int: ...
    @property
    def lang(self) -> str: ...
    @property
    def path(self) -> Path: ...
    @property
    def steps(self) -> Sequence[object]: ...
    @property
    def error(self) -> str | None: ...


class LessonProgressLike(Protocol):
    """Where a student is in one lesson. `step` counts from 1 (the step on screen)."""

    @property
    def step(self) -> int: ...
    @property
    def total_steps(self) -> int: ...
    @property
    def done(self) -> bool: ...


class ProgressStoreLike(Protocol):
    """The part of `bp_tutor.progress.ProgressStore` the UI uses."""

    def set_lesson_progress(
        self, lesson_id: str, *, step: int, total_steps: int, done: bool
    ) -> None: ...

    def lesson_progress(self) -> Mapping[str, LessonProgressLike]: ...

    def last_lesson(self) -> str | None: ...


def step_segments(step: object) -> Sequence[ProseLike | BlockLike]:
    """The prose and blocks of one step: a `Step` with `.segments`, or a plain sequence."""
    segments = cast(Iterable[ProseLike | BlockLike], getattr(step, "segments", step))
    return tuple(segments)


def is_block(segment: ProseLike | BlockLike) -> bool:
    """Blocks have a `type`; prose has `markdown`."""
    return hasattr(segment, "type") and hasattr(segment, "attrs")
