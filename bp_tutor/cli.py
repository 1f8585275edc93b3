"""The `bp-tutor` command: one small dispatcher, one module per sub-command.

Each sub-command lives in `bp_tutor.commands.<name>` and exposes `HELP`, `add_arguments(parser)` and
`run(args) -> int`. Those modules import only the standard library at the top, so building this
parser (and answering --help or --version) never loads Textual or NumPy.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from bp_tutor import __version__
from bp_tutor.paths import ADDED_LESSONS_ENV

# Order is the order --help lists them in.
COMMANDS: tuple[str, ...] = (
    "lesson",
    "lab",
    "quiz",
    "trace",
    "train",
    "check",
    "serve",
    "class",
)


def _command_module(name: str) -> ModuleType:
    return importlib.import_module(f"bp_tutor.commands.{name.replace('-', '_')}_cmd")


def _common_options(suppress: bool) -> argparse.ArgumentParser:
    """Options every sub-command accepts, before or after its name."""
    default = argparse.SUPPRESS if suppress else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=default,
        help="language of the lessons and the interface (default: from the locale)",
    )
    common.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="progress database: a SQLite file path or postgresql://... (default: your data folder)",
    )
    common.add_argument(
        "--lessons",
        metavar="DIR",
        default=default,
        help="a teacher's lessons folder (en/, zh/, presets/) added to the shipped lessons; "
        "a lesson with the id of a shipped one replaces it",
    )
    common.add_argument(
        "--recover",
        action="store_true",
        default=default if suppress else False,
        help="if the progress database is damaged, move it aside (it is kept) and start a new one",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bp-tutor",
        description="Learn backpropagation by doing it: lessons, a network lab and quizzes.",
        parents=[_common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"bp-tutor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = _command_module(name)
        command_parser = sub.add_parser(
            name,
            help=module.HELP,
            description=module.HELP,
            parents=[_common_options(suppress=True)],
        )
        module.add_arguments(command_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    module = _command_module(args.command or "app")
    lessons = getattr(args, "lessons", None)
    if lessons is not None or os.environ.get(ADDED_LESSONS_ENV):
        # Here, for every command: the folder's presets serve `lab`, `trace` and `train` too.
        from bp_tutor.commands.app_cmd import resolve_language
        from bp_tutor.commands.lessons_folder import use_lessons_folder

        problem = use_lessons_folder(lessons, resolve_language(args))
        if problem is not None:
            print(problem, file=sys.stderr)
            return 2
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `bp-tutor trace spec.json | head` is normal use, not an error.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
