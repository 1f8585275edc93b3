"""Spaced review with an injected clock: 10 minutes, then 1, 3, 7 days, then retired."""

from __future__ import annotations

from datetime import timedelta

from bp_tutor.progress import ProgressStore

from .helpers import FakeClock, OpenStore, answer

MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


def _due_after(store: ProgressStore, clock: FakeClock, delay: timedelta) -> list[str]:
    return store.due_reviews(now=clock.now + delay)


def test_kinds_never_missed_are_never_due(store: ProgressStore, clock: FakeClock) -> None:
    answer(store, kind="bias_grad", verdict="right")
    assert _due_after(store, clock, 365 * DAY) == []


def test_leitner_boxes_grow_with_each_right_review(store: ProgressStore, clock: FakeClock) -> None:
    answer(store, kind="bias_grad", verdict="wrong")
    assert _due_after(store, clock, 9 * MINUTE) == []
    assert _due_after(store, clock, 10 * MINUTE) == ["bias_grad"]

    # Each right answer given when due moves the next review further out.
    for wait, interval in zip((10 * MINUTE, DAY, 3 * DAY), (DAY, 3 * DAY, 7 * DAY), strict=True):
        clock.now += wait
        answer(store, kind="bias_grad", verdict="right")
        assert _due_after(store, clock, interval - MINUTE) == []
        assert _due_after(store, clock, interval) == ["bias_grad"]

    # Right from the last box: the kind has been learned and leaves review.
    clock.now += 7 * DAY
    answer(store, kind="bias_grad", verdict="right")
    assert _due_after(store, clock, 365 * DAY) == []


def test_early_right_answer_does_not_skip_the_wait(store: ProgressStore, clock: FakeClock) -> None:
    answer(store, kind="w_grad", verdict="wrong")
    clock.advance(minutes=2)
    answer(store, kind="w_grad", verdict="right")  # before the 10 minutes are up
    start = clock.now - 2 * MINUTE
    assert store.due_reviews(now=start + 10 * MINUTE) == ["w_grad"]


def test_miss_sends_the_kind_back_to_ten_minutes(store: ProgressStore, clock: FakeClock) -> None:
    answer(store, kind="w_grad", verdict="wrong")
    clock.advance(minutes=10)
    answer(store, kind="w_grad", verdict="right")  # now due in 1 day
    clock.advance(days=1)
    answer(store, kind="w_grad", verdict="wrong")
    assert _due_after(store, clock, 9 * MINUTE) == []
    assert _due_after(store, clock, 10 * MINUTE) == ["w_grad"]


def test_partial_keeps_the_box_and_restarts_its_interval(store: ProgressStore, clock: FakeClock) -> None:
    answer(store, kind="w_grad", verdict="wrong")
    clock.advance(minutes=10)
    answer(store, kind="w_grad", verdict="right")  # box with the 1-day interval
    clock.advance(hours=20)
    answer(store, kind="w_grad", verdict="partial")
    assert _due_after(store, clock, DAY - MINUTE) == []
    assert _due_after(store, clock, DAY) == ["w_grad"]


def test_partial_on_a_new_kind_starts_review(store: ProgressStore, clock: FakeClock) -> None:
    answer(store, kind="softmax_jac", verdict="partial")
    assert _due_after(store, clock, 10 * MINUTE) == ["softmax_jac"]


def test_most_overdue_first_and_clock_used_by_default(store: ProgressStore, clock: FakeClock) -> None:
    answer(store, kind="late", verdict="wrong")
    clock.advance(minutes=3)
    answer(store, kind="later", verdict="wrong")
    clock.advance(minutes=1)
    answer(store, kind="early", verdict="wrong")
    assert store.due_reviews() == []
    clock.advance(hours=1)
    assert store.due_reviews() == ["late", "later", "early"]


def test_reviews_belong_to_the_current_student(open_at: OpenStore, clock: FakeClock) -> None:
    ana, bo = open_at("ana"), open_at("bo")
    answer(ana, kind="w_grad", verdict="wrong")
    clock.advance(hours=1)
    assert ana.due_reviews() == ["w_grad"]
    assert bo.due_reviews() == []
