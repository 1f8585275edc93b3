"""`bp-tutor serve` (placeholder until its module lands)."""

from __future__ import annotations

import argparse

HELP = "serve"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("bp-tutor serve: not available yet")
    return 1
