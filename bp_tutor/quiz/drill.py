"""Which question a drill asks next: kinds due for spaced review first, then the topic's kinds
in turn, so a missed kind comes back later."""

from __future__ import annotations

from collections.abc import Sequence

from bp_tutor.quiz.kinds import KINDS, TOPICS, kinds_for_topic


class UnknownTopic(ValueError):
    """A drill topic that is neither a topic (lesson id) nor a quiz kind."""


def drill_scope(topic: str | None) -> list[str]:
    """The kinds a drill on `topic` asks: a topic's kinds, one kind, or (None) all of them."""
    if topic is None:
        return list(KINDS)
    if topic in KINDS:
        return [topic]
    if topic in TOPICS:
        return kinds_for_topic(topic)
    raise UnknownTopic(
        f"unknown quiz topic {topic!r}: expected one of {', '.join(TOPICS)} (or a quiz kind)")


def next_kind(scope: Sequence[str], due: Sequence[str], asked: int) -> str:
    """The first due kind within `scope`, else the scope's kinds in turn (`asked` so far)."""
    for kind in due:
        if kind in scope:
            return kind
    return scope[asked % len(scope)]
