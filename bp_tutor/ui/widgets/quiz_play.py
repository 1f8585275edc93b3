"""Typing answers into real quiz widgets without a terminal, for `bp-tutor check --play`.

One headless app (Textual's test pilot) serves every run: each gets a fresh QuizBlock, its
answers are submitted as pressing enter would, and the feedback the block shows is read back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from textual.app import App
from textual.widgets import Input, Static

from bp_tutor.quiz.play import PlayRun
from bp_tutor.ui.i18n import get_language, set_language, string_tables
from bp_tutor.ui.widgets.quiz_block import QuizBlock


class _PilotDriver:
    def feedback(self, runs: Sequence[PlayRun]) -> list[str]:
        language = get_language()
        try:
            return asyncio.run(_feedback(runs))
        finally:
            set_language(language)

    def right_text(self, lang: str) -> str:
        return string_tables()[lang]["quiz.right"]


async def _feedback(runs: Sequence[PlayRun]) -> list[str]:
    app: App[None] = App()
    shown: list[str] = []
    async with app.run_test(size=(100, 40)):
        for run in runs:
            set_language(run.lang)
            block = QuizBlock(run.kind, run.seed, run.lesson_id, lang=run.lang)
            await app.screen.mount(block)
            for text in run.texts:
                block.query_one(".quiz-input", Input).value = text
                block.submit(text)  # what enter in the block's Input does
            shown.append(str(block.query_one(".quiz-feedback", Static).render()))
            await block.remove()
    return shown


DRIVER = _PilotDriver()
