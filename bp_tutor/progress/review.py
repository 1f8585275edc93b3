"""Spaced review of question kinds, Leitner style, replayed from the attempt history.

A kind enters review the first time it is answered wrong (or partly right): it goes into box 0
and is due REVIEW_INTERVALS[0] after that answer. Then, per later answer to that kind:

- wrong: back to box 0, due 10 minutes later;
- partial: stays in its box, the box's interval starts again from this answer;
- right, given when the kind was due (at or after its due time): up one box, due after that box's
  interval (1 day, 3 days, 7 days); a right answer from the last box retires the kind from review;
- right, given before it was due: changes nothing, so cramming cannot skip the spacing.

Kinds never missed are never due. Nothing is stored beyond the attempts themselves, so the
schedule can never disagree with the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

REVIEW_INTERVALS: tuple[timedelta, ...] = (
    timedelta(minutes=10),
    timedelta(days=1),
    timedelta(days=3),
    timedelta(days=7),
)


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """A kind in review: its Leitner box and when it is due (epoch seconds)."""

    kind: str
    box: int
    due_at: float


def review_cards(answers: Iterable[tuple[str, float, str]]) -> dict[str, ReviewCard]:
    """(kind, answered_at epoch seconds, verdict), oldest first -> the kinds currently in review."""
    cards: dict[str, ReviewCard] = {}
    for kind, answered_at, verdict in answers:
        card = cards.get(kind)
        if verdict == "wrong":
            cards[kind] = _card(kind, 0, answered_at)
        elif verdict == "partial":
            cards[kind] = _card(kind, card.box if card else 0, answered_at)
        elif card is not None and answered_at >= card.due_at:
            if card.box + 1 == len(REVIEW_INTERVALS):
                del cards[kind]
            else:
                cards[kind] = _card(kind, card.box + 1, answered_at)
    return cards


def due_kinds(cards: Iterable[ReviewCard], now: float) -> list[str]:
    """Kinds due at `now`, most overdue first (ties by name, so the order is stable)."""
    due = [card for card in cards if card.due_at <= now]
    due.sort(key=lambda card: (card.due_at, card.kind))
    return [card.kind for card in due]


def _card(kind: str, box: int, answered_at: float) -> ReviewCard:
    return ReviewCard(kind, box, answered_at + REVIEW_INTERVALS[box].total_seconds())
