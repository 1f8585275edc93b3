"""Small shared pieces of the progress tests: a hand-moved clock and a one-line answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bp_tutor.progress import ProgressStore

START = datetime(2025, 3, 1, 9, 0, 0, tzinfo=UTC)

OpenStore = Callable[..., ProgressStore]


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def answer(
    store: ProgressStore,
    *,
    kind: str = "dense_delta",
    topic: str = "chain",
    verdict: str = "right",
    misconception: str | None = None,
    answer_text: str = "0.5",
    seed: int = 1,
) -> None:
    store.record_attempt(
        kind=kind,
        topic=topic,
        seed=seed,
        answer=answer_text,
        verdict=verdict,
        misconception=misconception,
        seconds=3.0,
    )
