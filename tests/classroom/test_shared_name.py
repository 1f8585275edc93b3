"""Two sessions under one name: the newcomer is told, the others are told, the teacher sees it,
and progress from every session is kept."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Static

from bp_tutor.classroom.dashboard_data import class_snapshot
from bp_tutor.classroom.dashboard_view import class_tables
from bp_tutor.classroom.session_app import ClassroomTutorApp
from bp_tutor.classroom.shared_name import SharedNameScreen
from bp_tutor.progress import open_store
from bp_tutor.ui.i18n import set_language
from bp_tutor.ui.screens.home import HomeScreen
from tests.classroom.helpers import (
    HOME_MARKER,
    ServerProcess,
    connect,
    open_tutor,
    plain,
    read_until,
    wait_until,
)
from tests.ui.screen_text import screen_text


def _notice(app: ClassroomTutorApp) -> str:
    """The notice's title and body as written (the screen wraps them inside a border)."""
    return "\n".join(str(app.screen.query_one(f"#shared-name-{part}", Static).content)
                     for part in ("title", "body"))


def _other_session(db: Path, student: str = "ana", *, minutes_ago: float = 0) -> None:
    moment = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    with open_store(db, student=student, clock=lambda: moment) as other:
        other.session_start(None)


async def test_a_second_session_under_a_name_is_told_and_may_go_on(tmp_path: Path) -> None:
    db = tmp_path / "class.sqlite3"
    _other_session(db)
    with open_store(db, student="ana") as store:
        app = ClassroomTutorApp("en", store, settings_file=tmp_path / "settings.json")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, SharedNameScreen)
            text = _notice(app)
            assert text.startswith("ana is already logged in\n")
            assert "The name ana is already in use in another session (since" in text
            assert "Progress is shared between the sessions" in text
            assert "nothing already saved is lost" in text
            await pilot.press("enter")  # the focused Continue
            await pilot.pause()
            # Under the notice was the home screen, once (not two stacked).
            assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen]
            assert app.is_running
        # This session was announced too: the teacher sees two.
        assert [s.student for s in store.active_sessions()] == ["ana", "ana"]


async def test_the_notice_is_in_the_students_language_and_q_quits(tmp_path: Path) -> None:
    db = tmp_path / "class.sqlite3"
    _other_session(db)
    _other_session(db)
    with open_store(db, student="ana") as store:
        app = ClassroomTutorApp("zh", store, settings_file=tmp_path / "settings.json")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert "退出" in screen_text(app)  # the buttons, and the notice over the home screen
            text = _notice(app)
            assert text.startswith("ana 已经登录了\n")
            assert "名字 ana 已经在另外 2 个会话中使用（最早的自" in text
            assert "这些会话共用同一份进度" in text
            await pilot.press("q")
            await pilot.pause()
            assert not app.is_running
    set_language("en")


async def test_a_name_alone_or_after_an_old_session_gets_no_notice(tmp_path: Path) -> None:
    db = tmp_path / "class.sqlite3"
    _other_session(db, "bob")  # someone else
    _other_session(db, minutes_ago=5)  # ana's, silent for five minutes: gone (killed, say)
    with open_store(db, student="ana") as store:
        app = ClassroomTutorApp("en", store, settings_file=tmp_path / "settings.json")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen]


async def test_a_session_is_told_when_its_name_logs_in_elsewhere(tmp_path: Path) -> None:
    db = tmp_path / "class.sqlite3"
    with open_store(db, student="ana") as store:
        app = ClassroomTutorApp("en", store, settings_file=tmp_path / "settings.json")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.other_session_joined()  # what SIGUSR1 from the server does
            app.other_session_joined()  # a third login: still one notice
            await pilot.pause()
            assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen, SharedNameScreen]
            text = _notice(app)
            assert text.startswith("Someone has just logged in as ana\n")
            assert "Progress is shared between the sessions" in text
            assert "tell your teacher" in text
            await pilot.press("escape")
            await pilot.pause()
            assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen]


async def test_two_logins_under_one_name_over_ssh(tmp_path: Path) -> None:
    """ana is in a lesson; someone logs in as ana in Chinese. The newcomer is told in Chinese,
    ana is told in English, the dashboard shows one student with two sessions, the newcomer goes
    on where ana is, and nothing either session saved is lost when they leave."""
    server = ServerProcess(tmp_path, lang=None)

    def derivatives_step() -> int | None:
        with open_store(server.db, student="teacher") as teacher:
            saved = teacher.lesson_progress("ana").get("derivatives")
        return saved.step if saved is not None else None

    try:
        async with await connect(server.port, "ana") as first_conn, \
                await connect(server.port, "ana") as second_conn:
            first = await open_tutor(first_conn, size=(100, 30))
            await read_until(first, HOME_MARKER)
            first.stdin.write(b"\r")  # the first lesson
            await read_until(first, b"step 1/5 \xe2\x96\xb0")
            # A position is written as its lesson opens, after the first frame.
            assert await asyncio.to_thread(wait_until, lambda: derivatives_step() == 1, 10)

            second = await asyncio.wait_for(second_conn.create_process(
                term_type="xterm-256color", term_size=(100, 30), encoding=None,
                env={"LANG": "zh_CN.UTF-8"}), 15)
            seen = plain(await read_until(second, "旧会话会自行关闭".encode()))
            assert "ana 已经登录了" in seen
            assert "名字 ana 已经在另一个会话中使用（自 " in seen
            assert "这些会话共用同一份" in seen  # the line ends there in a 72-cell notice
            told = await read_until(first, b"Someone has just logged in as ana")
            if b"Continue" not in told.partition(b"Someone has just")[2]:
                told += await read_until(first, b"Continue")  # the button, under the text
            told = plain(told)
            assert "is shared between the sessions" in told  # after "Progress", which ends a line

            with open_store(server.db, student="teacher") as teacher:
                snapshot = class_snapshot(teacher, None)
                set_language("en")
                connected = next(t for t in class_tables(snapshot, {}) if t.id == "connected")
            assert [row[0] for row in connected.rows] == ["ana (2 sessions)"]
            assert connected.keys == ("ana",)

            # The second lesson's line of the list is under the notice until it goes: keys sent
            # before that would still reach the notice.
            under_notice = "先修：导数与链式法则 | 15 分钟 | 未开始".encode()
            assert under_notice.decode() not in seen
            second.stdin.write(b"\r")  # Continue (the focused button)
            await read_until(second, under_notice)
            second.stdin.write(b"c")  # continue: where ana is, progress being shared
            await read_until(second, "第 1/5 步 ▰".encode())
            second.stdin.write(b"n")
            await read_until(second, "第 2/5 步 ▰".encode())
            assert await asyncio.to_thread(wait_until, lambda: derivatives_step() == 2, 10)

            for process in (first, second):  # ctrl+q, whatever is on screen
                process.stdin.write(b"\x11")
                await asyncio.wait_for(process.wait_closed(), 10)
        with open_store(server.db, student="teacher") as teacher:
            assert teacher.active_sessions() == []
        assert derivatives_step() == 2
    finally:
        assert server.stop() == 0
