"""Chinese text uses full-width punctuation: a label is followed by "：", never by ": "."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bp_tutor.ui.i18n import string_tables
from bp_tutor.ui.start import StartTarget
from tests.ui.conftest import AppFactory
from tests.ui.fakes import FakeStore

from .screen_text import screen_text


@dataclass(frozen=True)
class _Mastery:
    score: float


@dataclass
class _StoreWithMastery(FakeStore):
    scores: dict[str, _Mastery] = field(default_factory=dict)

    def mastery(self) -> dict[str, _Mastery]:
        return self.scores


def test_no_chinese_string_has_an_ascii_colon_and_space() -> None:
    wrong = {key: text for key, text in string_tables()["zh"].items() if ": " in text}
    assert wrong == {}


@pytest.mark.parametrize("scores", [{}, {"sigmoid": _Mastery(0.5)}])
async def test_drill_mastery_line_uses_the_full_width_colon(
    make_app: AppFactory, scores: dict[str, _Mastery]
) -> None:
    store = _StoreWithMastery(scores=scores)
    app = make_app(lang="zh", start=StartTarget.drill(seed=1), store_override=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
    assert "掌握程度：" in text, text
    assert "掌握程度:" not in text


async def test_drill_mastery_line_in_english_keeps_colon_and_space(make_app: AppFactory) -> None:
    app = make_app(start=StartTarget.drill(seed=1), store_override=_StoreWithMastery())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "Mastery: No answers yet." in screen_text(app)
