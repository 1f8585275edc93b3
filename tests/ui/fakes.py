"""An in-memory stand-in for the progress store, with the same method names."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FIXTURE_LESSONS = Path(__file__).parent / "fixtures" / "lessons"


@dataclass
class FakeProgress:
    step: int
    total_steps: int
    done: bool
    updated_at: float = 0.0


@dataclass
class FakeStore:
    """In-memory progress store; `writes` records every call, in order."""

    records: dict[str, FakeProgress] = field(default_factory=dict)
    last: str | None = None
    writes: list[tuple[str, int, int, bool]] = field(default_factory=list)

    def set_lesson_progress(
        self, lesson_id: str, *, step: int, total_steps: int, done: bool
    ) -> None:
        self.records[lesson_id] = FakeProgress(step, total_steps, done)
        self.last = lesson_id
        self.writes.append((lesson_id, step, total_steps, done))

    def lesson_progress(self) -> dict[str, FakeProgress]:
        return dict(self.records)

    def last_lesson(self) -> str | None:
        return self.last
