"""`bp-tutor quiz [TOPIC] [--seed N]`: open the app straight on a drill."""

from __future__ import annotations

import argparse
import sys

HELP = "drill hand-computed gradients on a topic, e.g. `bp-tutor quiz backprop`"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "topic", nargs="?", default=None, metavar="TOPIC",
        help="a lesson id (derivatives, backprop, ...) or a quiz kind; default: every topic",
    )
    parser.add_argument(
        "--seed", type=int, default=None, metavar="N",
        help="fixed questions: the n-th question of the drill uses seed N + n",
    )


def run(args: argparse.Namespace) -> int:
    from bp_tutor.commands.app_cmd import launch
    from bp_tutor.quiz.drill import UnknownTopic, drill_scope
    from bp_tutor.ui.start import StartTarget

    try:
        drill_scope(args.topic)
    except UnknownTopic as error:
        print(f"bp-tutor quiz: {error}", file=sys.stderr)
        return 2
    if args.seed is not None and args.seed < 0:
        print(f"bp-tutor quiz: --seed must be 0 or more, got {args.seed}", file=sys.stderr)
        return 2
    return launch(args, StartTarget.drill(args.topic, args.seed))
