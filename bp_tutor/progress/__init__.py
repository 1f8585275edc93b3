"""The progress store: quiz attempts, lesson positions, mastery, spaced review and classroom
presence, kept in SQLite (one user, the default) or PostgreSQL (a classroom).

    from bp_tutor.progress import open_store
    with open_store(student="ana") as store:
        store.record_attempt(kind="dense_delta", topic="backprop", seed=7, answer="0.25",
                             verdict="right", misconception=None, seconds=12.5)
"""

from bp_tutor.progress.errors import CorruptStoreError, NewerSchemaError, StoreError
from bp_tutor.progress.mastery import MASTERY_WEIGHT
from bp_tutor.progress.opening import open_store
from bp_tutor.progress.records import ActiveSession, Attempt, LessonProgress, TopicMastery
from bp_tutor.progress.review import REVIEW_INTERVALS
from bp_tutor.progress.schema import LATEST_VERSION
from bp_tutor.progress.store import ProgressStore
from bp_tutor.progress.validation import STUDENT_NAME_RULE, VERDICTS, check_student_name

__all__ = [
    "LATEST_VERSION",
    "MASTERY_WEIGHT",
    "REVIEW_INTERVALS",
    "STUDENT_NAME_RULE",
    "VERDICTS",
    "ActiveSession",
    "Attempt",
    "CorruptStoreError",
    "LessonProgress",
    "NewerSchemaError",
    "ProgressStore",
    "StoreError",
    "TopicMastery",
    "check_student_name",
    "open_store",
]
