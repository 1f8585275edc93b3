"""Where the app opens: the home screen, or straight into a lesson, the lab or a drill.

The `lesson`, `lab` and `quiz` commands build a `StartTarget` and hand it to `TutorApp`; esc from
that first screen goes back to the home screen, so a student is never stranded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

StartKind = Literal["lesson", "lab", "drill"]


@dataclass(frozen=True)
class StartTarget:
    """The first screen to show instead of home.

    kind "lesson": `lesson_id` (and optionally `step`, counted from 1);
    kind "lab": `preset` (a name from `bp_tutor.nn.preset_names()`);
    kind "drill": `topic` (a quiz kind) and optionally `seed` for a fixed question sequence.
    """

    kind: StartKind
    lesson_id: str | None = None
    step: int | None = None
    preset: str | None = None
    topic: str | None = None
    seed: int | None = None

    @classmethod
    def lesson(cls, lesson_id: str, step: int | None = None) -> StartTarget:
        return cls(kind="lesson", lesson_id=lesson_id, step=step)

    @classmethod
    def lab(cls, preset: str | None = None) -> StartTarget:
        return cls(kind="lab", preset=preset)

    @classmethod
    def drill(cls, topic: str | None = None, seed: int | None = None) -> StartTarget:
        return cls(kind="drill", topic=topic, seed=seed)
