"""`bp-tutor check [DIR]`: check a lesson folder the way a compiler checks code.

Prints each problem as `file:line: message` (with the line and a caret where a column is known)
and exits 1, or prints one summary line and exits 0.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path
from typing import Any

HELP = "check lesson files: format, math, numbers, presets, prerequisites, en/zh parity"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder",
        nargs="?",
        metavar="DIR",
        type=Path,
        help="a folder holding en/ and zh/, or one language folder (default: the shipped lessons)",
    )
    parser.add_argument(
        "--play",
        action="store_true",
        help="also answer every quiz block with its worked solution, to prove each is solvable",
    )


def _optional(module: str, attribute: str) -> Any:
    """`module.attribute` when that module exists and defines it, else None.

    The quiz package sits above the lesson package, so the lesson checker cannot import it; this
    command sits above both and hands its pieces in.
    """
    try:
        return getattr(importlib.import_module(module), attribute, None)
    except ImportError:
        return None


def run(args: argparse.Namespace) -> int:
    from bp_tutor.commands.lessons_folder import shipped_lesson_ids
    from bp_tutor.lessons.validate import check_library
    from bp_tutor.paths import lessons_dir

    root: Path = args.folder if args.folder is not None else lessons_dir()
    if not root.is_dir():
        print(f"bp-tutor check: {root} is not a folder")
        return 2
    evaluate = _optional("bp_tutor.quiz.answer", "evaluate_expression")
    kinds = _optional("bp_tutor.quiz", "KINDS")
    report = check_library(
        root, evaluate=evaluate, quiz_kinds=frozenset(kinds) if kinds is not None else None,
        known_ids=None if root.resolve() == lessons_dir().resolve() else shipped_lesson_ids(),
    )
    for problem in report.problems:
        print(problem)
    print(report.summary())
    status = 1 if report.problems else 0
    if getattr(args, "play", False):
        play_folder = _optional("bp_tutor.quiz.play", "play_folder")
        if play_folder is None:
            print("bp-tutor check --play: playing quizzes is not available in this version")
            return 1
        status = max(status, int(play_folder(root) or 0))
    return status
