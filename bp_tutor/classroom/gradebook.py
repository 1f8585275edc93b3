"""The gradebook: per student, lessons done, mastery per topic, attempts and right answers.

One function computes it (`gradebook`); the dashboard's class table and `bp-tutor class report`
both read it, so the teacher sees the same numbers on screen and in the spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bp_tutor.progress import ProgressStore, TopicMastery


@dataclass(frozen=True)
class StudentRecord:
    """One gradebook row. `mastery` maps topic -> score in [0, 1] (bp_tutor.progress.mastery)."""

    student: str
    lessons_done: int
    lessons_started: int
    attempts: int
    right: int
    mastery: dict[str, float] = field(default_factory=dict)

    @property
    def accuracy(self) -> float | None:
        """right / attempts, None before the first attempt."""
        return self.right / self.attempts if self.attempts else None


def gradebook(store: ProgressStore,
              class_mastery: Mapping[str, Mapping[str, TopicMastery]] | None = None
              ) -> list[StudentRecord]:
    """Every student who has saved anything, by name.

    `class_mastery` is `store.class_mastery()` when the caller has it already: it reads every
    attempt of the class, which is worth doing once per refresh, not twice.
    """
    if class_mastery is None:
        class_mastery = store.class_mastery()
    lesson_counts = store.class_lesson_counts()
    records = []
    for student in store.students():
        done, started = lesson_counts.get(student, (0, 0))
        topics = class_mastery.get(student, {})
        records.append(
            StudentRecord(
                student=student,
                lessons_done=done,
                lessons_started=started,
                attempts=sum(m.attempts for m in topics.values()),
                right=sum(m.right for m in topics.values()),
                mastery={topic: m.score for topic, m in sorted(topics.items())},
            )
        )
    return records


def all_topics(records: Sequence[StudentRecord]) -> list[str]:
    """Topics anyone has attempted, sorted (the report's mastery columns)."""
    return sorted({topic for record in records for topic in record.mastery})


def gradebook_csv(records: Sequence[StudentRecord]) -> str:
    """CSV with one row per student and one `mastery:TOPIC` column per topic (empty: not tried)."""
    topics = all_topics(records)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["student", "lessons_done", "lessons_started", "attempts", "right"]
        + [f"mastery:{topic}" for topic in topics]
    )
    for record in records:
        writer.writerow(
            [record.student, record.lessons_done, record.lessons_started, record.attempts, record.right]
            + [f"{record.mastery[topic]:.4f}" if topic in record.mastery else "" for topic in topics]
        )
    return out.getvalue()


def gradebook_json(records: Sequence[StudentRecord]) -> str:
    """JSON: {"students": [{"student", "lessons_done", "lessons_started", "attempts", "right",
    "mastery": {topic: score}}]} with scores at full precision."""
    rows = [
        {
            "student": record.student,
            "lessons_done": record.lessons_done,
            "lessons_started": record.lessons_started,
            "attempts": record.attempts,
            "right": record.right,
            "mastery": record.mastery,
        }
        for record in records
    ]
    return json.dumps({"students": rows}, ensure_ascii=False, indent=2) + "\n"
