"""Where the dashboard says a connected student is: a lesson, the lab, a drill, or home."""

from __future__ import annotations

from pathlib import Path

from bp_tutor.classroom.dashboard_data import class_snapshot
from bp_tutor.classroom.dashboard_view import class_tables
from bp_tutor.classroom.session_app import ClassroomTutorApp
from bp_tutor.progress import open_store
from bp_tutor.ui.i18n import set_language


async def test_the_dashboard_names_the_lab_and_the_drill(tmp_path: Path) -> None:
    set_language("en")
    db = tmp_path / "class.sqlite3"
    with open_store(db, student="ana") as store:
        app = ClassroomTutorApp("en", store, settings_file=tmp_path / "settings.json")
        seen = []
        async with app.run_test(size=(80, 24)) as pilot:
            for key in ("a", "escape", "d", "escape"):
                await pilot.press(key)
                await pilot.pause()
                place = app.current_place()
                app.heartbeat(place)
                with open_store(db, student="teacher") as teacher:
                    tables = class_tables(class_snapshot(teacher, None), {})
                connected = next(table for table in tables if table.id == "connected")
                seen.append((place, connected.rows[0][1]))
    assert seen == [(":lab", "(the lab)"), (None, "(home)"), (":drill", "(a drill)"),
                    (None, "(home)")]
