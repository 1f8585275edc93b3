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


@pytest.mark.parametrize("title", ["Derivatives and the chain rule, with a long tail of words",
                                   "导数与链式法则：一个很长很长很长很长很长的标题"])
def test_a_long_title_wraps_under_itself_above_its_detail_line(title: str) -> None:
    from rich.console import Console
    from rich.text import Text

    from bp_tutor.ui.widgets.lesson_list import LessonPrompt

    console = Console(width=30, color_system=None)
    prompt = LessonPrompt(Text("▸"), Text("12."), Text(title), DetailLine(None, "15 min", "new"))
    with console.capture() as captured:
        console.print(prompt)
    lines = captured.get().rstrip("\n").split("\n")
    assert lines[0].startswith("▸  12. ")  # marker, number right-aligned in 4 cells
    assert len(lines) >= 3  # the title took more than one line
    indent = cell_len("▸  12. ")
    for line in lines[1:]:
        assert line[:indent] == " " * indent and line[indent] != " ", lines  # hanging indent
        assert cell_len(line.rstrip()) <= 30
    assert lines[-1].strip() == "15 min | new"
    assert "".join(line[indent:].strip() for line in lines[:-1]).replace(" ", "") == (
        title.replace(" ", ""))
