"""The store's API behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bp_tutor.progress import (
    ActiveSession,
    LessonProgress,
    ProgressStore,
    StoreError,
    open_store,
)
from bp_tutor.progress.database import Row

from .helpers import START, FakeClock, OpenStore, answer


def test_attempt_round_trip(store: ProgressStore, clock: FakeClock) -> None:
    store.record_attempt(
        kind="dense_delta",
        topic="backprop",
        seed=2**63 - 1,
        answer="[0.25, -1e-3]",
        verdict="partial",
        misconception="forgot_activation_derivative",
        seconds=12.5,
        lesson_id="03-chain-rule",
        part=2,
    )
    (saved,) = store.attempts()
    assert saved.student == "ana"
    assert saved.at == START
    assert (saved.kind, saved.topic, saved.seed) == ("dense_delta", "backprop", 2**63 - 1)
    assert (saved.answer, saved.verdict, saved.seconds) == ("[0.25, -1e-3]", "partial", 12.5)
    assert saved.misconception == "forgot_activation_derivative"
    assert (saved.lesson_id, saved.part) == ("03-chain-rule", 2)


def test_attempts_survive_reopening(store_url: str, clock: FakeClock) -> None:
    with open_store(store_url, student="ana", clock=clock) as first:
        answer(first, answer_text="first")
    with open_store(store_url, student="ana", clock=clock) as second:
        assert [a.answer for a in second.attempts()] == ["first"]


def test_attempts_filter_by_student_and_time(open_at: OpenStore, clock: FakeClock) -> None:
    ana, bo = open_at("ana"), open_at("bo")
    answer(ana, answer_text="a1")
    clock.advance(minutes=5)
    answer(bo, answer_text="b1")
    clock.advance(minutes=5)
    answer(ana, answer_text="a2")
    assert [a.answer for a in ana.attempts()] == ["a1", "a2"]
    assert [a.answer for a in ana.attempts("bo")] == ["b1"]
    assert [a.answer for a in ana.attempts(since=START + timedelta(minutes=1))] == ["a2"]
    assert [a.answer for a in ana.attempts(since=START + timedelta(minutes=10))] == ["a2"]
    assert [a.answer for a in ana.class_attempts()] == ["a1", "b1", "a2"]


def test_students_appear_on_first_write_only(open_at: OpenStore) -> None:
    teacher = open_at("teacher")
    ana = open_at("ana")
    assert teacher.students() == []
    answer(ana)
    open_at("zoe").set_lesson_progress("01-intro", step=1, total_steps=4, done=False)
    assert teacher.students() == ["ana", "zoe"]
    assert teacher.student == "teacher"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=200))
def test_any_answer_text_is_saved(store: ProgressStore, text: str) -> None:
    answer(store, answer_text=text)
    saved = store.attempts()[-1].answer
    # NUL and lone surrogates cannot be stored as text; they get visible stand-ins.
    expected = text.replace("\x00", "\u2400")
    expected = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in expected)
    assert saved == expected


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("verdict", "maybe", "verdict must be one of right, wrong, partial"),
        ("kind", "", "kind must not be empty"),
        ("topic", "a\nb", "topic has a control character"),
        ("seed", 2**63, "does not fit in 64 bits"),
        ("seed", 1.5, "seed must be an integer"),
        ("seconds", float("nan"), "seconds must be a finite number"),
        ("seconds", -1.0, "seconds must be a finite number"),
        ("part", -1, "part must be between 0"),
        ("lesson_id", "x" * 201, "lesson_id is 201 characters long"),
        ("misconception", 7, "misconception must be text"),
    ],
)
def test_bad_attempt_is_refused_and_nothing_saved(
    store: ProgressStore, field: str, value: object, message: str
) -> None:
    good: dict[str, object] = {
        "kind": "k",
        "topic": "t",
        "seed": 1,
        "answer": "1",
        "verdict": "right",
        "misconception": None,
        "seconds": 1.0,
    }
    good[field] = value
    with pytest.raises(StoreError, match=message):
        store.record_attempt(**good)  # type: ignore[arg-type]
    assert store.attempts() == []


def test_lesson_progress_and_last_lesson(open_at: OpenStore, clock: FakeClock) -> None:
    ana = open_at("ana")
    assert ana.last_lesson() is None
    ana.set_lesson_progress("01-intro", step=4, total_steps=4, done=True)
    clock.advance(minutes=1)
    ana.set_lesson_progress("02-chain", step=1, total_steps=6, done=False)
    clock.advance(minutes=1)
    ana.set_lesson_progress("02-chain", step=3, total_steps=6, done=False)
    assert ana.last_lesson() == "02-chain"
    assert ana.lesson_progress() == {
        "01-intro": LessonProgress(4, 4, True, START),
        "02-chain": LessonProgress(3, 6, False, START + timedelta(minutes=2)),
    }
    clock.advance(minutes=1)
    ana.set_lesson_progress("01-intro", step=2, total_steps=4, done=True)
    assert ana.last_lesson() == "01-intro"
    # Another student's view is separate, and readable by name.
    bo = open_at("bo")
    assert bo.lesson_progress() == {} and bo.last_lesson() is None
    assert bo.last_lesson("ana") == "01-intro"
    # The class view counts what each student's own view holds.
    bo.set_lesson_progress("01-intro", step=1, total_steps=4, done=False)
    assert bo.class_lesson_counts() == {"ana": (1, 2), "bo": (0, 1)}


@pytest.mark.parametrize(
    ("step", "total", "done", "message"),
    [
        (5, 4, False, "past the lesson's last step"),
        (-1, 4, False, "step must be between 0"),
        (0, 0, False, "total_steps must be between 1"),
        (1, 4, "yes", "done must be True or False"),
    ],
)
def test_bad_lesson_progress_is_refused(
    store: ProgressStore, step: int, total: int, done: bool, message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        store.set_lesson_progress("01-intro", step=step, total_steps=total, done=done)
    assert store.lesson_progress() == {}


def test_sessions_for_the_dashboard(open_at: OpenStore, clock: FakeClock) -> None:
    ana, bo, teacher = open_at("ana"), open_at("bo"), open_at("teacher")
    ana_session = ana.session_start("01-intro")
    clock.advance(seconds=10)
    bo_session = bo.session_start()
    clock.advance(seconds=20)
    ana.session_heartbeat(ana_session, "02-chain")
    assert teacher.active_sessions() == [
        ActiveSession("ana", "02-chain", START, START + timedelta(seconds=30)),
        ActiveSession("bo", None, START + timedelta(seconds=10), START + timedelta(seconds=10)),
    ]
    # Bo goes quiet for more than a minute: no longer shown.
    clock.advance(seconds=61)
    ana.session_heartbeat(ana_session, "02-chain")
    assert [s.student for s in teacher.active_sessions()] == ["ana"]
    assert [s.student for s in teacher.active_sessions(max_age_seconds=3600)] == ["ana", "bo"]
    ana.session_end(ana_session)
    ana.session_end(ana_session)  # twice is harmless
    assert [s.student for s in teacher.active_sessions(max_age_seconds=3600)] == ["bo"]
    with pytest.raises(StoreError, match="has already ended"):
        ana.session_heartbeat(ana_session, None)
    with pytest.raises(StoreError, match="no session"):
        ana.session_heartbeat(bo_session, None)  # not hers
    with pytest.raises(StoreError, match="no session"):
        ana.session_end(2**70)
    # First and last start, ended sessions included (the dashboard dates the class by them).
    assert teacher.session_starts() == (START, START + timedelta(seconds=10))
    assert teacher.session_starts(since=START + timedelta(seconds=5)) == (
        START + timedelta(seconds=10), START + timedelta(seconds=10))
    assert teacher.session_starts(since=START + timedelta(hours=1)) is None


def test_misconception_counts(open_at: OpenStore, clock: FakeClock) -> None:
    ana, bo, cy = open_at("ana"), open_at("bo"), open_at("cy")
    answer(ana, verdict="wrong", misconception="sign_flip")
    answer(ana, verdict="wrong", misconception="sign_flip")
    answer(bo, verdict="wrong", misconception="sign_flip")
    answer(bo, verdict="wrong", misconception="transposed_weights")
    answer(cy, verdict="right")
    clock.advance(hours=1)
    answer(cy, verdict="wrong", misconception="missing_mean")
    answer(cy, verdict="wrong", misconception="transposed_weights")
    assert ana.misconception_counts() == [
        ("sign_flip", 3, 2),
        ("transposed_weights", 2, 2),
        ("missing_mean", 1, 1),
    ]
    later = START + timedelta(minutes=30)
    assert ana.misconception_counts(since=later) == [
        ("missing_mean", 1, 1),
        ("transposed_weights", 1, 1),
    ]


def test_store_can_be_shared_by_threads(store: ProgressStore) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda n: answer(store, seed=n), range(80)))
    assert sorted(a.seed for a in store.attempts()) == list(range(80))


def test_bad_student_name_for_a_read(store: ProgressStore) -> None:
    with pytest.raises(StoreError, match="invalid student name"):
        store.attempts("../etc")


def test_failed_first_write_rolls_back_and_the_next_one_works(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = store._db
    real_execute = db.execute
    driver_error = db._driver_errors()[0]
    failures = iter([True])

    def execute_failing_once(sql: str, params: Sequence[object] = ()) -> list[Row]:
        if sql.startswith("INSERT INTO attempts") and next(failures, False):
            raise driver_error("disk I/O error (simulated)")
        return real_execute(sql, params)

    monkeypatch.setattr(db, "execute", execute_failing_once)
    with pytest.raises(StoreError, match=r"could not save the attempt in .*simulated"):
        answer(store, answer_text="lost")
    assert store.students() == []  # the student row rolled back with the attempt
    answer(store, answer_text="kept")
    assert [a.answer for a in store.attempts()] == ["kept"]
    assert store.students() == ["ana"]
