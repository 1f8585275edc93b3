"""`bp-tutor trace SPEC`: print one forward and backward pass of a network as JSON, Markdown or text."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from bp_tutor.commands.arg_types import whole_number
from bp_tutor.commands.errors import fail, out_of_memory_message, spec_error_message

if TYPE_CHECKING:
    from bp_tutor.nn import Preset, Trace

HELP = "print every value of one forward and backward pass (a spec file or a preset name)"


MAX_DECIMALS = 12  # float64 holds about 16 significant digits; more would print noise


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="a JSON spec file, or the name of a preset")
    parser.add_argument("--format", choices=("json", "markdown", "text"), default="text",
                        help="json for tools, markdown for a handout, text for reading (default)")
    parser.add_argument("--decimals", type=whole_number(0, MAX_DECIMALS), default=4,
                        help=f"decimals shown in markdown and text, 0 to {MAX_DECIMALS} (default 4)")
    parser.add_argument("--gradcheck", action="store_true",
                        help="also compare every gradient with centred finite differences")


def run(args: argparse.Namespace) -> int:
    from bp_tutor.nn.presets import load_preset
    from bp_tutor.nn.spec import SpecError

    try:
        preset = load_preset(args.spec)
    except SpecError as err:
        return fail(spec_error_message(err))
    except OSError as err:  # unreadable file, unknown preset
        return fail(str(err.args[0] if len(err.args) == 1 else err))
    import numpy as np

    try:
        # Overflow is reported below, once, naming the entry: not as NumPy's warning lines.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            trace = preset.network().trace(preset.x, preset.y)
    except MemoryError:
        sizes = [int(preset.x.shape[1]), *(layer.units for layer in preset.spec.layers)]
        return fail(out_of_memory_message(sizes), 1)
    status = _print(trace, preset, args)
    bad = next((entry for entry in trace if not np.isfinite(entry.value).all()), None)
    if bad is not None and args.format != "json":  # JSON has said so already
        return fail(f"{bad.label} came out infinite or NaN ({bad.formula}): the numbers in the "
                    f"spec are too large for {preset.spec.dtype}", 1)
    return status


def _print(trace: Trace, preset: Preset, args: argparse.Namespace) -> int:
    status = _print_trace(trace, preset, args)
    if status or not args.gradcheck:
        return status
    from bp_tutor.nn.gradcheck import AT_A_KINK, gradcheck

    report = gradcheck(preset.network(), preset.x, preset.y)
    out = sys.stdout if args.format != "json" else sys.stderr
    kink_note = (f"{report.kinks_text()}: ReLU inputs within reach of 0, where f′ jumps; a "
                 "difference across the jump measures neither slope, so the tensors marked "
                 "\"at a kink\" get no verdict.")
    at_kink = any(row.verdict == AT_A_KINK for row in report.rows)
    if args.format == "markdown":  # a section of the handout, as a table
        print("\n## Gradient check\n\nCentred differences, ε = 1e-5.\n", file=out)
        print("| gradient | relative error | verdict |\n| --- | ---: | --- |", file=out)
        for row in report.rows:
            print(f"| {row.label} | {row.rel_error:.2e} | {row.verdict} |", file=out)
        if at_kink:
            print(f"\n{kink_note}", file=out)
    else:
        print("\ngradient check (centred differences, ε = 1e-5):", file=out)
        for row in report.rows:
            print(f"  {row.label:<8} relative error {row.rel_error:9.2e}  {row.verdict}", file=out)
        if at_kink:
            print(f"  {kink_note}", file=out)
    return 0 if report.passed else 1


def _print_trace(trace: Trace, preset: Preset, args: argparse.Namespace) -> int:
    if args.format == "json":
        try:
            out = json.dumps(trace.to_json_dict(), allow_nan=False)
        except ValueError:
            return fail("the pass produced NaN or infinite values, which JSON cannot hold", 1)
        sys.stdout.write(out + "\n")
    elif args.format == "markdown":
        from bp_tutor.nn.render import trace_to_markdown

        title = f"Backpropagation, worked example: {preset.name}"
        sys.stdout.write(trace_to_markdown(trace, title, preset.description, args.decimals))
    else:
        from bp_tutor.nn.render import trace_to_text

        sys.stdout.write(trace_to_text(trace, args.decimals))
    return 0
