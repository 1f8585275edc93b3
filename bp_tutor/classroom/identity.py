"""Who a student is: the SSH login name, checked against the same rule as the progress store."""

from __future__ import annotations

from bp_tutor.progress.errors import StoreError
from bp_tutor.progress.validation import STUDENT_NAME_RULE, check_student_name

NAME_RULE = STUDENT_NAME_RULE


def is_valid_student_name(name: str) -> bool:
    """True if `name` may log in: the store would accept it as a student."""
    try:
        check_student_name(name)
    except StoreError:
        return False
    return True
