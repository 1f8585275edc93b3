"""The home list's detail line: the status is always whole; the prerequisites give way."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from bp_tutor.paths import lessons_dir
from bp_tutor.ui.i18n import set_language
from bp_tutor.ui.widgets.lesson_list import DetailLine, LessonList
from tests.ui.conftest import AppFactory

from .screen_text import screen_lines


async def test_focused_list_at_80_columns_shows_every_status(make_app: AppFactory) -> None:
    # Lesson 4 names a long prerequisite ("Activation functions and their derivatives"); its line
    # used to wrap and lose "new" below the row.
    app = make_app(lessons_root=lessons_dir())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is app.screen.query_one(LessonList)
        lines = screen_lines(app)
    [row] = [line for line in lines if "14 min" in line]
    assert "after: Activation functions and their deriv" in row
    assert "…" in row
    assert row.rstrip(" ▎▇▁▂▃▄▅▆█").endswith("| 14 min | new"), row


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [70, 40, 28, 20, 12])
def test_detail_line_fits_and_ends_with_the_status(lang: str, width: int) -> None:
    set_language(lang)
    long_zh = "先修：激活函数及其导数、均方误差及其梯度"
    after = "after: Activation functions and their derivatives" if lang == "en" else long_zh
    status = "step 3/7" if lang == "en" else "第 3/7 步"
    line = DetailLine(after, "14 min" if lang == "en" else "14 分钟", status).text(width).plain
    assert line.endswith(status)
    assert cell_len(line) <= max(width, cell_len(status)), line
    if "先修" in line or "after" in line:
        assert line.startswith(after) or "…" in line


def test_detail_line_is_whole_when_it_fits() -> None:
    line = DetailLine("after: Derivatives", "15 min", "done").text(80).plain
    assert line == "after: Derivatives | 15 min | done"
