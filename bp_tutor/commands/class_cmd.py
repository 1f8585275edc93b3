"""`bp-tutor class` (placeholder until its module lands)."""

from __future__ import annotations

import argparse

HELP = "class"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("bp-tutor class: not available yet")
    return 1
