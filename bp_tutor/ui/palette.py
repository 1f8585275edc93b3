"""Command palette (ctrl+p): every lesson and every app action, in the student's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from bp_tutor.ui.i18n import t
from bp_tutor.ui.messages import OpenLab, OpenLesson, StartDrill

if TYPE_CHECKING:
    from bp_tutor.ui.app import TutorApp


@dataclass(frozen=True)
class PaletteCommand:
    """One palette entry: what it says, a line of help, and what it does."""

    text: str
    help: str
    run: Callable[[], object]


def palette_commands(app: TutorApp) -> list[PaletteCommand]:
    """Actions first (they are few), then one entry per readable lesson in curriculum order."""
    commands = [
        PaletteCommand(t("palette.open_lab"), t("palette.open_lab.help"),
                       partial(app.post_message, OpenLab("toy-452"))),
        PaletteCommand(t("palette.start_drill"), t("palette.start_drill.help"),
                       partial(app.post_message, StartDrill())),
        PaletteCommand(t("palette.switch_language"), t("palette.switch_language.help"),
                       app.action_toggle_language),
        PaletteCommand(t("palette.toggle_theme"), t("palette.toggle_theme.help"),
                       app.action_toggle_theme),
        PaletteCommand(t("palette.home"), t("palette.home.help"), app.action_go_home),
        PaletteCommand(t("palette.help"), t("palette.help.help"), app.action_help),
        PaletteCommand(t("palette.quit"), t("palette.quit.help"), app.exit),
    ]
    for lesson in app.lessons():
        if lesson.error:
            continue
        commands.append(
            PaletteCommand(
                t("palette.lesson", title=lesson.title),
                t("palette.lesson.help", id=lesson.id, minutes=lesson.minutes),
                partial(app.post_message, OpenLesson(lesson.id)),
            )
        )
    return commands


class TutorCommands(Provider):
    """Lessons and actions for Textual's command palette."""

    def _commands(self) -> list[PaletteCommand]:
        return palette_commands(cast("TutorApp", self.app))

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.text, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            # Match the help line too, so a lesson id finds its lesson.
            score = max(matcher.match(command.text), matcher.match(command.help) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(command.text), command.run, help=command.help)
