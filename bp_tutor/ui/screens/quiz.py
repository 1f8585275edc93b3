"""The drill: one question after another on a topic, missed kinds first, mastery per topic."""

from __future__ import annotations

import random
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from bp_tutor.ui.i18n import get_language, t
from bp_tutor.ui.screens.base import TutorScreen
from bp_tutor.ui.widgets.footer import TutorFooter
from bp_tutor.ui.widgets.quiz_block import QuizBlock


class DrillScreen(TutorScreen):
    """Questions on `topic` (a lesson id or a quiz kind; None: every kind). With `seed`, the
    n-th question uses seed + n, so a drill can be replayed."""

    presence: ClassVar[str] = "drill"  # where a classroom's dashboard says the student is

    DEFAULT_CSS = """
    DrillScreen .drill-title { text-style: bold; padding: 0 1; }
    DrillScreen .drill-mastery { padding: 0 1; color: $text-muted; }
    DrillScreen .drill-review { padding: 0 1; color: $warning; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "next_question", "Next", id="quiz_next"),
        Binding("escape", "app.go_back", "Back", id="quiz_back"),
    ]

    def __init__(self, topic: str | None = None, seed: int | None = None) -> None:
        super().__init__()
        from bp_tutor.quiz.drill import UnknownTopic, drill_scope

        self.topic = topic
        self.base_seed = seed
        self.asked = 0
        self.error: str | None = None
        try:
            self.scope = drill_scope(topic)
        except UnknownTopic:
            self.scope = []
            self.error = t("quiz.unknown_topic", topic=topic)
        self.kind, self.seed, self.review = self._choose()

    def _choose(self) -> tuple[str | None, int, bool]:
        from bp_tutor.quiz.drill import next_kind

        if not self.scope:
            return None, 0, False
        due = self._due()
        kind = next_kind(self.scope, due, self.asked)
        seed = (self.base_seed + self.asked if self.base_seed is not None
                else random.randrange(1_000_000))
        return kind, seed, kind in due

    def _due(self) -> list[str]:
        due_reviews = getattr(getattr(self.app, "store", None), "due_reviews", None)
        if due_reviews is None:
            return []
        try:
            return list(due_reviews())
        except Exception:  # reading the schedule must never stop the drill
            return []

    def _topic_title(self) -> str:
        """The lesson's title for a topic (topics are lesson ids); the name itself otherwise."""
        if not self.topic:
            return t("quiz.drill_all")
        from bp_tutor.quiz.kinds import KINDS

        if self.topic in KINDS:  # a drill of one kind of question
            return KINDS[self.topic].title(get_language())
        return self._lesson_titles().get(self.topic, self.topic)

    def _lesson_titles(self) -> dict[str, str]:
        """Lesson id → title in the current language (topics are lesson ids)."""
        catalog = getattr(self.app, "catalog", None)
        try:
            return dict(catalog.titles(get_language())) if catalog is not None else {}
        except Exception:  # a broken lesson folder must not stop the drill
            return {}

    def compose(self) -> ComposeResult:
        title = self._topic_title()
        yield Static(t("quiz.drill_title", topic=title), classes="drill-title")
        yield Static(self._mastery_text(), classes="drill-mastery", markup=False)
        with VerticalScroll():
            if self.error is not None or self.kind is None:
                yield Static(self.error or "", classes="drill-error")
            else:
                if self.review:
                    yield Static(t("quiz.review"), classes="drill-review")
                yield QuizBlock(self.kind, self.seed, None, lang=get_language())
        yield TutorFooter()

    def _mastery_text(self) -> str:
        mastery = getattr(getattr(self.app, "store", None), "mastery", None)
        if mastery is None:
            return ""
        try:
            scores = mastery()
        except Exception:
            return ""
        if not scores:
            return t("app.labelled", label=t("quiz.mastery"), text=t("quiz.mastery_none"))
        titles = self._lesson_titles()
        order = {topic: i for i, topic in enumerate(titles)}  # curriculum order
        shown = [f"{titles.get(topic, topic)} {round(100 * m.score)}%"
                 for topic, m in sorted(scores.items(), key=lambda kv: order.get(kv[0], 99))]
        return t("app.labelled", label=t("quiz.mastery"), text=" · ".join(shown))

    def on_mount(self) -> None:
        super().on_mount()
        self._focus_input()

    def _focus_input(self) -> None:
        from textual.widgets import Input

        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    def action_next_question(self) -> None:
        """A new question (due reviews first) and the mastery line brought up to date."""
        self.asked += 1
        self.kind, self.seed, self.review = self._choose()
        self.refresh(recompose=True)
        self.call_after_refresh(self._focus_input)
