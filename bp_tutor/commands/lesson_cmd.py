"""`bp-tutor lesson` (placeholder until its module lands)."""

from __future__ import annotations

import argparse

HELP = "lesson"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("bp-tutor lesson: not available yet")
    return 1
