"""`bp-tutor quiz` (placeholder until its module lands)."""

from __future__ import annotations

import argparse

HELP = "quiz"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("bp-tutor quiz: not available yet")
    return 1
