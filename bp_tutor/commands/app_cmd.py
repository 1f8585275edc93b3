"""`bp-tutor app` (placeholder until its module lands)."""

from __future__ import annotations

import argparse

HELP = "app"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("bp-tutor app: not available yet")
    return 1
