"""Language switching, theme persistence, NO_COLOR and column alignment in Chinese."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.filter import Monochrome, NoColor

from bp_tutor.ui.i18n import get_language
from bp_tutor.ui.screens.lesson import LessonScreen
from bp_tutor.ui.start import StartTarget
from tests.ui.conftest import AppFactory
from tests.ui.screen_text import screen_lines, screen_text

REPO = Path(__file__).resolve().parents[2]


def cell_grid(line: str) -> list[str]:
    """One entry per terminal cell: a wide character fills its cell and leaves "" in the next."""
    cells: list[str] = []
    for char in line:
        cells.append(char)
        cells.extend([""] * (cell_len(char) - 1))
    return cells


def _words(text: str) -> set[str]:
    """Runs of Latin letters of 3 or more: the English words on screen."""
    words: set[str] = set()
    current = ""
    for char in text + " ":
        if char.isascii() and char.isalpha():
            current += char
        else:
            if len(current) >= 3:
                words.add(current)
            current = ""
    return words


# Words that stay the same in both languages: the product name, keys, and the lesson
# identifier shown for a broken file (its title could not be read).
LANGUAGE_NEUTRAL = {"tutor", "esc", "broken", "Commands", "sigmoid"}


async def test_l_switches_every_visible_string_on_home(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        english = screen_text(app)
        await pilot.press("l")
        await pilot.pause()
        chinese = screen_text(app)
        assert get_language() == "zh"
        assert "一页读懂导数" in chinese and "先修：一页读懂导数" in chinese
        assert "未开始" in chinese
        # No English word of the English screen survives the switch.
        leftover = (_words(english) & _words(chinese)) - LANGUAGE_NEUTRAL
        assert "English" in chinese  # the key that switches back names its language
        assert leftover <= {"English"}, leftover
        await pilot.press("l")
        await pilot.pause()
        assert screen_text(app) == english


async def test_switching_language_inside_a_lesson_keeps_the_step(make_app: AppFactory) -> None:
    app = make_app(start=StartTarget.lesson("basics", 3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "The chain rule" in screen_text(app)
        await pilot.press("l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert (screen.lesson.lang, screen.step) == ("zh", 3)
        text = screen_text(app)
        assert "链式法则" in text and "第 3/3 步" in text and "下一步" in text
        await pilot.press("escape")
        await pilot.pause()
        assert "课程（已完成" in screen_text(app)  # the home screen underneath switched too


async def test_palette_switches_language(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"switch language")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.lang == "zh"
        assert "课程" in screen_text(app)


async def test_palette_search_field_speaks_the_language_of_the_moment(make_app: AppFactory) -> None:
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert "搜索命令或课程…" in screen_text(app)
        assert "Search for commands" not in screen_text(app)
        await pilot.press("escape", "l")  # close it, switch to English, open it again
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert "Search for commands…" in screen_text(app)


async def test_theme_toggle_persists_in_the_settings_file(
    make_app: AppFactory, data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        await pilot.press("t")
        await pilot.pause()
        assert app.theme == "textual-light"
    saved = json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved == {"theme": "light"}
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"


def test_no_color_makes_the_app_monochrome(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    assert any(isinstance(f, Monochrome | NoColor) for f in app._filters)
    monkeypatch.delenv("NO_COLOR")
    assert not make_app().no_color


async def test_chinese_help_rows_line_up(make_app: AppFactory) -> None:
    """Every row of the help box ends at the same terminal column, counted in cells."""
    app = make_app(lang="zh", start=StartTarget.lesson("neuron", 2))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        grids = [cell_grid(line) for line in screen_lines(app)]
        top = next(i for i, row in enumerate(grids) if "╭" in row)
        bottom = next(i for i, row in enumerate(grids) if "╰" in row)
        left, right = grids[top].index("╭"), grids[top].index("╮")
        rows = [row for row in grids[top + 1 : bottom]]
        assert len(rows) > 10
        assert all(row[left] == "│" and row[right] == "│" for row in rows)
        rows_text = ["".join(row) for row in rows]
        keys_column = {
            cell_len(line[: line.index(description)])
            for line in rows_text
            for description in ("下一步", "上一步", "返回")
            if description in line
        }
        assert len(keys_column) == 1, keys_column


async def test_network_block_columns_line_up_with_greek_labels(make_app: AppFactory) -> None:
    """Labels like δ¹ and ∂L/∂W¹ take one cell per character: formulas start in one column."""
    app = make_app(lang="zh", start=StartTarget.lesson("neuron", 2))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        lines = screen_lines(app)
        starts = set()
        for label, formula in (("z¹", "z¹ ="), ("δ¹", "δ¹ ="), ("∂L/∂W¹", "∂L/∂W¹ =")):
            row = next(line for line in lines if formula in line)
            assert row.lstrip(" │").startswith(label)
            starts.add(cell_len(row[: row.index(formula)]))
        assert len(starts) == 1, starts


def test_home_screen_loads_neither_numpy_nor_plotext(data_dir: Path) -> None:
    """Run in a fresh interpreter: other tests in this process have imported NumPy already."""
    script = (
        "import asyncio, sys\n"
        "from bp_tutor.ui.app import TutorApp\n"
        "from tests.ui.fakes import FIXTURE_LESSONS, FakeStore\n"
        "async def main():\n"
        "    app = TutorApp('en', FakeStore(), FIXTURE_LESSONS)\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert type(app.screen).__name__ == 'HomeScreen'\n"
        "        print(sorted(m for m in ('numpy', 'plotext') if m in sys.modules))\n"
        "asyncio.run(main())\n"
    )
    env = {**os.environ, "BP_TUTOR_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, env=env,
        timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
