"""`--lessons DIR`: a teacher's folder added to the shipped lessons, for the tutor, `check`, the
dashboard and a served class."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bp_tutor.classroom.dashboard_app import lesson_titles
from bp_tutor.cli import main
from bp_tutor.commands.app_cmd import added_lessons_catalog
from bp_tutor.nn import load_preset, preset_names
from bp_tutor.paths import ADDED_LESSONS_ENV, lessons_dir
from bp_tutor.ui.app import TutorApp
from bp_tutor.ui.catalog import LessonCatalog
from bp_tutor.ui.messages import OpenLesson
from bp_tutor.ui.screens.lesson import LessonScreen
from tests.classroom.helpers import ServerProcess, connect, open_tutor, plain, read_until
from tests.classroom.teacher_lessons import make_teacher_folder
from tests.ui.screen_text import screen_text

SHIPPED_IDS = [lesson.id for lesson in LessonCatalog(lessons_dir()).lessons("en")]


@pytest.fixture
def teacher(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The teacher's folder; BP_TUTOR_LESSONS is put back however a test changes it."""
    monkeypatch.setenv(ADDED_LESSONS_ENV, "")
    yield make_teacher_folder(tmp_path / "mine")


def _use(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv(ADDED_LESSONS_ENV, str(folder))


def test_the_folder_adds_to_the_shipped_lessons_in_file_name_order(
        teacher: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, teacher)
    broken = teacher / "en" / "14-broken.md"
    catalog = LessonCatalog(broken={broken.resolve(): "14-broken.md:11: wrong"})
    lessons = catalog.lessons("en")
    # backprop replaced in its place (09-), momentum and broken after the twelve.
    assert [lesson.id for lesson in lessons] == [*SHIPPED_IDS, "momentum", "broken"]
    by_id = {lesson.id: lesson for lesson in lessons}
    assert by_id["backprop"].title == "Backpropagation, our way"
    assert by_id["backprop"].path.parent == teacher / "en"
    # On the teacher's own screen a broken lesson shows its problem instead of its content.
    assert (by_id["broken"].error, by_id["broken"].steps) == ("14-broken.md:11: wrong", ())
    assert by_id["momentum"].error is None and len(by_id["momentum"].steps) == 2
    assert catalog.titles("zh")["momentum"] == "动量，亲手算"


def test_a_served_class_leaves_a_broken_lesson_out_and_keeps_the_shipped_one_it_replaced(
        teacher: Path) -> None:
    broken = {(teacher / "en" / name).resolve(): "wrong" for name in ("14-broken.md", "09-backprop.md")}
    lessons = LessonCatalog(added=teacher, broken=broken, hide_broken=True).lessons("en")
    assert [lesson.id for lesson in lessons] == [*SHIPPED_IDS, "momentum"]
    shipped_backprop = next(lesson for lesson in lessons if lesson.id == "backprop")
    assert shipped_backprop.path.parent == lessons_dir() / "en"
    assert all(lesson.error is None for lesson in lessons)


def test_check_takes_the_shipped_lessons_as_known_prerequisites(
        teacher: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(teacher)]) == 1
    out = capsys.readouterr().out.splitlines()
    problems = [line for line in out if line.startswith(str(teacher))]
    # Only the wrong number: `gradient-descent`, `dense-layer` (shipped) are fine prerequisites.
    assert problems == [
        f"{teacher}/en/14-broken.md:11: the lesson says 0.7 but sigmoid(0) is 0.5 (allowed difference ±0.05)",
        f"{teacher}/zh/14-broken.md:11: the lesson says 0.7 but sigmoid(0) is 0.5 (allowed difference ±0.05)",
    ]
    for lang in ("en", "zh"):
        path = teacher / lang / "13-momentum.md"
        path.write_text(path.read_text().replace('"gradient-descent"', '"gradient-decent"'))
    assert main(["check", str(teacher)]) == 1
    assert (f"{teacher}/en/13-momentum.md:4: prerequisite 'gradient-decent' is not the id of any "
            "lesson in this folder or the shipped lessons (did you mean 'gradient-descent'?)"
            ) in capsys.readouterr().out


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: None, "bp-tutor: --lessons {dir}: there is no such folder"),
    (lambda d: d.write_text("x"), "bp-tutor: --lessons {dir}: not a folder"),
    (lambda d: (d.mkdir(), (d / "01-a.md").write_text("x")),
     "bp-tutor: --lessons {dir}: lesson files go in its en/ (English) and zh/ (Chinese) folders, "
     "as in the shipped lessons; give the folder that holds them"),
    (lambda d: (d / "en").mkdir(parents=True),
     "bp-tutor: --lessons {dir}: no lessons in en/ or zh/ (a lessons folder holds en/ and zh/ "
     "with NN-name.md files; see docs/lesson-format.md)"),
])
def test_a_folder_that_cannot_be_one_stops_every_command_with_one_line(
        teacher: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], object],
        message: str) -> None:
    folder = teacher.parent / "typo"
    make(folder)
    for command in (["--lang", "en", "--lessons", str(folder), "lesson", "momentum"],
                    ["--lang", "en", "serve", "--lessons", str(folder), "--port", "0"],
                    ["--lang", "en", "class", "--lessons", str(folder)]):
        assert main(command) == 2
        assert capsys.readouterr().err.splitlines() == [message.format(dir=folder)]


def test_the_message_names_the_environment_variable_and_speaks_chinese(
        teacher: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _use(monkeypatch, teacher / "nowhere")
    assert main(["--lang", "zh", "lesson", "momentum"]) == 2
    assert capsys.readouterr().err == f"bp-tutor：BP_TUTOR_LESSONS {teacher / 'nowhere'}：没有这个文件夹\n"


def test_the_folders_presets_serve_the_lab_and_trace(
        teacher: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lessons", str(teacher), "trace", "tiny", "--format", "json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) >= {"loss", "layers"}
    assert "tiny" in preset_names() and "toy-452" in preset_names()
    assert load_preset("tiny").path == teacher / "presets" / "tiny.json"


async def test_the_tutor_lists_them_and_shows_a_broken_one_with_its_problem(
        teacher: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _use(monkeypatch, teacher)
    catalog = added_lessons_catalog()
    assert catalog is not None
    err = capsys.readouterr().err
    assert err.startswith(f"bp-tutor: {teacher}: 2 problem(s) found by `bp-tutor check`; the "
                          "lessons they are in show them instead of their content:\n")
    assert f"{teacher}/en/14-broken.md:11: the lesson says 0.7 but sigmoid(0) is 0.5" in err
    app = TutorApp("en", None, cursor_blink=False)
    app.catalog = catalog
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Lessons (0 of 14 done)" in text
        assert "13. Momentum, by hand" in text and "9. Backpropagation, our way" in text
        app.post_message(OpenLesson("momentum", 2))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "One pass through the teacher's own network." in screen_text(app)
        assert "z¹" in screen_text(app)  # the teacher's preset, traced
        app.post_message(OpenLesson("broken"))
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(screen_text(app).split())  # the message wraps
        assert "14-broken.md:11: the lesson says 0.7 but sigmoid(0) is 0.5" in shown


def test_the_dashboard_names_the_teachers_lessons(teacher: Path, monkeypatch: pytest.MonkeyPatch
                                                  ) -> None:
    _use(monkeypatch, teacher)
    titles = lesson_titles("zh")
    assert (titles["momentum"], titles["backprop"]) == ("动量，亲手算", "我们的反向传播")
    assert titles["derivatives"] == "导数与链式法则"


async def test_a_served_class_gets_the_lessons_that_pass_check(teacher: Path, tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "server", ["--lessons", str(teacher)])
    try:
        banner = server.banner.splitlines()
        # The problems, where they are, before the server says it is listening.
        assert banner[0] == (f"bp-tutor: --lessons {teacher}: 2 problem(s) found by `bp-tutor check`; "
                             "the lessons they are in are left out, every other lesson is served:")
        assert banner[1] == (f"{teacher}/en/14-broken.md:11: the lesson says 0.7 but sigmoid(0) is "
                             "0.5 (allowed difference ±0.05)")
        assert f"Lessons: the shipped ones and yours from {teacher} (2 in en, 2 in zh)" in banner
        assert "  Yours replace the shipped lesson(s): backprop" in banner
        assert "  Left out for the problems printed above: 2 file(s)" in banner
        async with await connect(server.port, "ana") as conn:
            process = await open_tutor(conn, size=(100, 60))
            seen = plain(await read_until(process, b"Momentum, by hand"))
            seen += plain(await read_until(process, b"Commands"))  # the footer: the frame is whole
            # Twelve shipped, one of them replaced, and momentum: broken is not there.
            assert "Lessons (0 of 13 done)" in seen
            assert "Backpropagation, our way" in seen
            assert "A lesson with a slip" not in seen
            process.stdin.write(b"\x11")
    finally:
        assert server.stop() == 0
