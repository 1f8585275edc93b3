"""`bp-tutor lab` (placeholder until its module lands)."""

from __future__ import annotations

import argparse

HELP = "lab"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("bp-tutor lab: not available yet")
    return 1
