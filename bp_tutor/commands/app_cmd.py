"""`bp-tutor` with no sub-command: the interactive app, opening on the home screen.

`launch` is shared by every command that opens the app (`lesson`, `lab`, `quiz`): it resolves the
language, opens the progress store and runs `TutorApp` with an optional start target.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bp_tutor.ui.catalog import LessonCatalog
    from bp_tutor.ui.start import StartTarget

HELP = "open the interactive tutor (the default when no command is given)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Nothing beyond the common --lang, --db and --lessons."""


def resolve_language(args: argparse.Namespace) -> str:
    """--lang if given, else the locale (LC_ALL, LC_MESSAGES, LANG starting with zh → zh)."""
    from bp_tutor.ui.i18n import detect_language

    chosen = getattr(args, "lang", None)
    return str(chosen) if chosen else detect_language(os.environ)


def launch(args: argparse.Namespace, start: StartTarget | None = None) -> int:
    """Run the app in the terminal; returns the exit status (1 if the store cannot be opened)."""
    from bp_tutor.progress import StoreError, open_store
    from bp_tutor.progress.errors import CorruptStoreError
    from bp_tutor.ui.i18n import set_language, t

    lang = resolve_language(args)
    set_language(lang)
    try:
        store = open_store(getattr(args, "db", None), recover=getattr(args, "recover", False))
    except StoreError as error:
        print(t("app.cli.store_failed", error=str(error)), file=sys.stderr)
        if isinstance(error, CorruptStoreError):
            print(t("app.cli.recover_hint"), file=sys.stderr)
        return 1
    if store.moved_aside is not None:
        print(t("app.cli.recovered", path=str(store.moved_aside)), file=sys.stderr)
    from bp_tutor.ui.app import TutorApp

    try:
        app = TutorApp(lang, store, start=start)
        catalog = added_lessons_catalog()
        if catalog is not None:
            app.catalog = catalog
        app.run()
    finally:
        store.close()
    return 0


def added_lessons_catalog() -> LessonCatalog | None:
    """With a teacher's lessons folder (--lessons): the lessons with that folder's problems
    printed, and shown by the lessons they are in; None without one."""
    from bp_tutor.commands.lessons_folder import check_added_folder
    from bp_tutor.paths import added_lessons_dir
    from bp_tutor.ui.catalog import LessonCatalog
    from bp_tutor.ui.i18n import t
    from bp_tutor.ui.lesson_cache import lesson_cache_dir

    folder = added_lessons_dir()
    if folder is None:
        return None
    found = check_added_folder(folder)
    if found.problems:
        print(t("app.cli.lessons_problems", dir=str(folder), count=len(found.problems)),
              file=sys.stderr)
        print("\n".join(found.lines()), file=sys.stderr)
    return LessonCatalog(cache_dir=lesson_cache_dir(), added=folder, broken=found.broken)


def run(args: argparse.Namespace) -> int:
    return launch(args)
