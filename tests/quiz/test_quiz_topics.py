"""Each kind's topic is the lesson that teaches it: the first lesson, in course order, whose
quiz blocks ask it. Read straight from the lesson files with a regular expression, not through
the lesson loader, so the check does not lean on the code it guards."""

from __future__ import annotations

import re
from pathlib import Path

from bp_tutor.quiz.drill import drill_scope
from bp_tutor.quiz.kinds import KINDS, REVIEWED_IN, TOPICS

LESSONS = Path(__file__).resolve().parents[2] / "lessons" / "en"
_ID = re.compile(r'^id\s*=\s*"([^"]+)"', re.MULTILINE)
_QUIZ = re.compile(r"^:::\s*quiz\b.*?\bkind=([a-z_0-9]+)", re.MULTILINE)


def _lessons() -> list[tuple[str, list[str]]]:
    """(lesson id, quiz kinds it asks) for every English lesson, in file-name order."""
    found = []
    for path in sorted(LESSONS.glob("[0-9][0-9]-*.md")):
        text = path.read_text(encoding="utf-8")
        match = _ID.search(text)
        assert match is not None, path
        found.append((match.group(1), _QUIZ.findall(text)))
    return found


def test_every_kind_belongs_to_the_first_lesson_that_asks_it() -> None:
    first: dict[str, str] = {}
    for lesson_id, kinds in _lessons():
        for kind in kinds:
            first.setdefault(kind, lesson_id)
    assert set(first) == set(KINDS), set(first) ^ set(KINDS)
    wrong = {kind: (KINDS[kind].topic, lesson) for kind, lesson in first.items()
             if KINDS[kind].topic != lesson}
    assert not wrong, wrong


def test_l2_is_practised_where_it_is_taught() -> None:
    assert KINDS["l2_gradient"].topic == "vectorizing"
    assert "l2_gradient" in drill_scope("vectorizing")


def test_topics_are_the_lessons_in_course_order() -> None:
    assert list(TOPICS) == [lesson_id for lesson_id, _ in _lessons()]


def test_a_lesson_that_only_reviews_drills_what_it_asks() -> None:
    for lesson_id, kinds in _lessons():
        taught = [k for k, spec in KINDS.items() if spec.topic == lesson_id]
        if taught:
            assert set(taught) <= set(drill_scope(lesson_id))
        else:
            assert set(REVIEWED_IN[lesson_id]) == set(kinds), lesson_id
            assert drill_scope(lesson_id) == list(REVIEWED_IN[lesson_id])
