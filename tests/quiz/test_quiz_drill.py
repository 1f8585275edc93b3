"""Drill scope and order, spaced review through the real store, and the `quiz` command."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bp_tutor.commands import quiz_cmd
from bp_tutor.progress import open_store
from bp_tutor.quiz.drill import UnknownTopic, drill_scope, next_kind
from bp_tutor.quiz.kinds import KINDS


def test_scope_of_a_topic_a_kind_and_everything() -> None:
    assert drill_scope("dense-layer") == ["layer_delta", "layer_dw", "layer_db"]
    assert drill_scope("tanh_prime") == ["tanh_prime"]
    assert drill_scope(None) == list(KINDS)
    with pytest.raises(UnknownTopic, match="derivatives"):
        drill_scope("backprob")


def test_due_kinds_come_first_then_the_topic_in_turn() -> None:
    scope = ["layer_delta", "layer_dw", "layer_db"]
    assert [next_kind(scope, [], n) for n in range(4)] == [
        "layer_delta", "layer_dw", "layer_db", "layer_delta"]
    assert next_kind(scope, ["sgd_update", "layer_db"], 0) == "layer_db"


def test_a_missed_kind_is_due_again_after_ten_minutes(tmp_path: Path) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    store = open_store(tmp_path / "p.sqlite3", clock=lambda: now)
    try:
        store.record_attempt(kind="layer_db", topic="dense-layer", seed=1, answer="[1, 2]",
                             verdict="wrong", misconception="bias_not_summed", seconds=3.0)
        scope = drill_scope("dense-layer")
        assert next_kind(scope, store.due_reviews(now), 0) == "layer_delta"
        later = store.due_reviews(now + timedelta(minutes=11))
        assert next_kind(scope, later, 0) == "layer_db"
    finally:
        store.close()


def test_quiz_command_rejects_an_unknown_topic(capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(topic="softmaxx", seed=None, lang="en", db=None)
    assert quiz_cmd.run(args) == 2
    err = capsys.readouterr().err
    assert "unknown quiz topic 'softmaxx'" in err and "softmax" in err


def test_quiz_command_rejects_a_negative_seed(capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(topic="softmax", seed=-1, lang="en", db=None)
    assert quiz_cmd.run(args) == 2
    assert "--seed" in capsys.readouterr().err
