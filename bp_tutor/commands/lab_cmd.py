"""`bp-tutor lab [--preset NAME]`: open the network lab directly (esc leads to the home screen)."""

from __future__ import annotations

import argparse

HELP = "open the network lab: step through a pass, check gradients, train live"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--preset",
        metavar="NAME",
        default=None,
        help="open on a preset network, e.g. toy-452 (default: the settings form)",
    )


def run(args: argparse.Namespace) -> int:
    from bp_tutor.commands.app_cmd import launch
    from bp_tutor.commands.errors import fail, spec_error_message
    from bp_tutor.nn import SpecError, load_preset
    from bp_tutor.ui.start import StartTarget

    if args.preset is not None:
        # Checked here so a typo is one line on the terminal, not an error inside the app.
        try:
            load_preset(args.preset)
        except SpecError as error:
            return fail(f"lab --preset: {spec_error_message(error)}")
        except OSError as error:
            return fail(f"lab --preset: {error}")
    return launch(args, StartTarget(kind="lab", preset=args.preset))
