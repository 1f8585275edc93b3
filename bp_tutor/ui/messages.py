"""Requests any widget can post; the app turns them into screen changes.

Widgets deep inside a lesson (a lab button, a palette hit) do not push screens themselves: they
say what they want and `TutorApp` decides how, so screens stay free of navigation logic.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenLesson(Message):
    """Show lesson `lesson_id`, at `step` (from 1) or where the student left it when None."""

    lesson_id: str
    step: int | None = None


@dataclass
class OpenLab(Message):
    """Open the network lab on `preset`."""

    preset: str | None = None


@dataclass
class StartDrill(Message):
    """Start a quiz drill on `topic` (a quiz kind; None lets the drill choose)."""

    topic: str | None = None
    seed: int | None = None
