"""`bp-tutor check` (placeholder until its module lands)."""

from __future__ import annotations

import argparse

HELP = "check"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("bp-tutor check: not available yet")
    return 1
