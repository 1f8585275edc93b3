"""`bp-tutor trace SPEC`: print one forward and backward pass of a network as JSON, Markdown or text."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from bp_tutor.commands.arg_types import whole_number
from bp_tutor.commands.errors import fail, spec_error_message

if TYPE_CHECKING:
    from bp_tutor.nn import GradCheckReport, Preset, Trace
    from bp_tutor.ui.i18n import Say

HELP = "print every value of one forward and backward pass (a spec file or a preset name)"


MAX_DECIMALS = 12  # float64 holds about 16 significant digits; more would print noise
MIN_WIDTH = 40  # room for a matrix's first and last column around "…"
DEFAULT_WIDTH = 80  # when the output is not a terminal (a pipe, a file) and COLUMNS is unset


def width_option(text: str) -> int:
    """A type for --width: 0 (no limit) or a width a matrix row can be cut to."""
    value = whole_number(0)(text)
    if 0 < value < MIN_WIDTH:
        raise argparse.ArgumentTypeError(f"{text!r}: expected 0 (no limit) or at least {MIN_WIDTH}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="a JSON spec file, or the name of a preset")
    parser.add_argument("--format", choices=("json", "markdown", "text"), default="text",
                        help="json for tools, markdown for a handout, text for reading (default)")
    parser.add_argument("--decimals", type=whole_number(0, MAX_DECIMALS), default=4,
                        help=f"decimals shown in markdown and text, 0 to {MAX_DECIMALS} (default 4)")
    parser.add_argument("--width", type=width_option, metavar="N",
                        help="text format: lines of at most N characters, the middle columns of "
                             "wider matrices left out and marked … (default: the terminal's "
                             f"width, or {DEFAULT_WIDTH} when not a terminal; 0: no limit)")
    parser.add_argument("--gradcheck", action="store_true",
                        help="also compare every gradient with centred finite differences")


def run(args: argparse.Namespace) -> int:
    from bp_tutor.commands.app_cmd import resolve_language
    from bp_tutor.nn.presets import load_preset
    from bp_tutor.nn.spec import SpecError
    from bp_tutor.ui.i18n import words_in

    say = words_in(resolve_language(args))
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
        return fail(say("headless.error.memory", shape="-".join(str(s) for s in sizes)), 1)
    width = None if args.format != "text" else output_width(args.width)
    status = _print(trace, preset, args, say, width)
    bad = next((entry for entry in trace if not np.isfinite(entry.value).all()), None)
    if bad is not None and args.format != "json":  # JSON has said so already
        return fail(say("trace.error.not_finite", label=bad.label, formula=bad.formula,
                        dtype=preset.spec.dtype), 1)
    return status


def output_width(requested: int | None) -> int | None:
    """The width text lines are fitted to: --width (0: None, no limit), else the terminal's
    (COLUMNS first, as `shutil` reads it), else DEFAULT_WIDTH."""
    if requested is not None:
        return requested or None
    import shutil

    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def _print(trace: Trace, preset: Preset, args: argparse.Namespace, say: Say,
           width: int | None) -> int:
    status = _print_trace(trace, preset, args, say, width)
    if status or not args.gradcheck:
        return status
    from bp_tutor.nn.gradcheck import gradcheck

    report = gradcheck(preset.network(), preset.x, preset.y)
    if args.format == "markdown":
        print("\n".join(gradcheck_markdown(report, say)))
    else:  # beside JSON the check goes to stderr, keeping stdout one JSON document
        out = sys.stdout if args.format == "text" else sys.stderr
        print("\n".join(gradcheck_text(report, say, width)), file=out)
    return 0 if report.passed else 1


def _kink_note(report: GradCheckReport, say: Say) -> str | None:
    from bp_tutor.nn.gradcheck import AT_A_KINK

    if not any(row.verdict == AT_A_KINK for row in report.rows):
        return None
    return say("trace.check.kink_note", kinks=report.kinks_text(),
               at_kink=say(f"trace.check.verdict.{AT_A_KINK}"))


def gradcheck_markdown(report: GradCheckReport, say: Say) -> list[str]:
    """The check as a section of the handout: a table, then the kink note if one applies."""
    lines = ["", f"## {say('trace.check.heading')}", "", say("trace.check.intro"), "",
             say("trace.check.table_header"), "| --- | ---: | --- |"]
    lines += [f"| {row.label} | {row.rel_error:.2e} | {say(f'trace.check.verdict.{row.verdict}')} |"
              for row in report.rows]
    note = _kink_note(report, say)
    return lines + (["", note] if note else [])


def gradcheck_text(report: GradCheckReport, say: Say, width: int | None) -> list[str]:
    """One row per gradient, the numbers in one column whatever the language; the kink note
    wrapped to `width`."""
    from bp_tutor.cells import pad_cells
    from bp_tutor.commands.wrap import wrap_cells

    label_width = max(8, *(len(row.label) for row in report.rows))
    lines = ["", say("trace.check.title")]
    for row in report.rows:
        verdict = say(f"trace.check.verdict.{row.verdict}")
        lines.append(f"  {pad_cells(row.label, label_width)} {say('trace.check.relative_error')} "
                     f"{row.rel_error:9.2e}  {verdict}")
    note = _kink_note(report, say)
    if note:
        lines += ["  " + line for line in wrap_cells(note, None if width is None else width - 2)]
    return lines


def handout_description(preset: Preset, say: Say) -> str:
    """The preset's description in the reader's language when it is a shipped one the string
    tables translate; anything else (a teacher's own words) as it is written."""
    from bp_tutor.ui.i18n import text_in

    key = f"trace.preset.{preset.name}"
    return say(key) if preset.description == text_in("en", key) else preset.description


def _print_trace(trace: Trace, preset: Preset, args: argparse.Namespace, say: Say,
                 width: int | None) -> int:
    if args.format == "json":
        try:
            out = json.dumps(trace.to_json_dict(), allow_nan=False)
        except ValueError:
            return fail(say("trace.error.json_not_finite"), 1)
        sys.stdout.write(out + "\n")
        return 0
    from bp_tutor.nn.render import TraceWords, trace_listing, trace_to_markdown

    words = TraceWords.from_lookup(say)
    if args.format == "markdown":
        sys.stdout.write(trace_to_markdown(trace, words, preset.name,
                                           handout_description(preset, say), args.decimals))
        return 0
    from bp_tutor.commands.wrap import wrap_cells

    lines, cut = trace_listing(trace, words, args.decimals, width)
    if cut:
        lines += ["", *wrap_cells(say("trace.note.width", width=width), width)]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
