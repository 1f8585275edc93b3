"""`bp-tutor class`: the teacher's live dashboard; `bp-tutor class report` prints the gradebook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bp_tutor.commands.errors import fail

if TYPE_CHECKING:
    from bp_tutor.progress import ProgressStore

HELP = "watch the class learn (live dashboard), or `class report` for a gradebook (CSV or JSON)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        choices=("report",),
        help="report: print the gradebook instead of opening the dashboard",
    )
    parser.add_argument(
        "--format",
        choices=("csv", "json"),
        default="csv",
        help="gradebook format for `report` (default csv)",
    )


def run(args: argparse.Namespace) -> int:
    from bp_tutor.paths import progress_db_path
    from bp_tutor.progress import StoreError, open_store

    db = getattr(args, "db", None)
    if db is None or "://" not in db:  # a SQLite file: the teacher reads it, never creates it
        path = Path(db) if db is not None else progress_db_path()
        if not path.exists():
            return fail(f"--db: no progress database at {path}; give the --db the server was "
                        "started with (bp-tutor serve --db ...)")
    try:
        store = open_store(db)
    except StoreError as error:
        return fail(f"--db: {error}")
    try:
        if args.action == "report":
            return _report(store, args.format)
        return _dashboard(store, args)
    except StoreError as error:
        return fail(str(error), status=1)
    finally:
        store.close()


def _report(store: ProgressStore, form: str) -> int:
    from bp_tutor.classroom.gradebook import gradebook, gradebook_csv, gradebook_json

    records = gradebook(store)
    sys.stdout.write(gradebook_json(records) if form == "json" else gradebook_csv(records))
    return 0


def _dashboard(store: ProgressStore, args: argparse.Namespace) -> int:
    from bp_tutor.classroom.dashboard_app import (
        ClassroomDashboardApp,
        StoreDashboardSource,
        lesson_titles,
        quiz_places,
    )
    from bp_tutor.commands.app_cmd import resolve_language

    lang = resolve_language(args)
    source = StoreDashboardSource(store, lesson_titles(lang), places=quiz_places(lang))
    ClassroomDashboardApp(source, lang).run()
    return 0
