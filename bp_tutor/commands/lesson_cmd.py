"""`bp-tutor lesson ID`: open one lesson directly (esc leads to the home screen)."""

from __future__ import annotations

import argparse
import sys

from bp_tutor.commands.arg_types import whole_number

HELP = "open one lesson by its id, e.g. `bp-tutor lesson neuron`"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("lesson_id", metavar="ID", help="the lesson id (see the home screen)")
    parser.add_argument(
        "--step",
        type=whole_number(1),
        default=None,
        metavar="N",
        help="start at step N (default: where you left off)",
    )


def run(args: argparse.Namespace) -> int:
    from bp_tutor.commands.app_cmd import launch, resolve_language
    from bp_tutor.ui.catalog import LessonCatalog
    from bp_tutor.ui.i18n import set_language, t
    from bp_tutor.ui.start import StartTarget

    lang = resolve_language(args)
    set_language(lang)
    catalog = LessonCatalog()
    if catalog.get(lang, args.lesson_id) is None:
        close = catalog.close_ids(lang, args.lesson_id)
        if not close:
            print(t("app.cli.no_lessons", root=str(catalog.root)), file=sys.stderr)
        else:
            print(
                t("app.cli.unknown_lesson", id=args.lesson_id, close=", ".join(close)),
                file=sys.stderr,
            )
        return 2
    return launch(args, StartTarget.lesson(args.lesson_id, args.step))
