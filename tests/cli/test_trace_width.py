"""`trace` in a terminal: wide matrices keep their first and last columns within the width, with
"…" and the columns left out named; `--width 0` (or a width wide enough) prints every number."""

from __future__ import annotations

import json
import re

import pytest

from bp_tutor.cells import cell_width
from bp_tutor.cli import main

WIDE_PRESETS = ["digits", "spiral", "moons"]
NUMBER = re.compile(r"-?\d+\.\d+")


def _text(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["trace", *args]) == 0
    return capsys.readouterr().out


def _entries(text: str) -> list[tuple[str, list[str]]]:
    """(formula line, matrix rows) per entry of a listing (what comes before its closing note)."""
    entries: list[tuple[str, list[str]]] = []
    for line in text.split("\n\n")[0].splitlines():
        if line.startswith("    "):
            entries[-1][1].append(line)
        elif not line.startswith("── "):
            entries.append((line, []))
    return entries


def _closing_note(text: str) -> str:
    """The paragraph after the listing, its lines joined."""
    return " ".join(text.split("\n\n")[-1].split())


@pytest.mark.parametrize("preset", WIDE_PRESETS)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [80, 60])
def test_no_line_is_wider_than_the_width_and_the_cut_is_marked(capsys, preset, lang, width):
    text = _text(capsys, preset, "--width", str(width), "--lang", lang)
    lines = text.splitlines()
    assert max(cell_width(line) for line in lines) <= width
    cut_rows = [line for line in lines if "…" in line and line.startswith("    ")]
    assert cut_rows
    assert all(line.count("…") == 1 for line in cut_rows)
    note = _closing_note(text)  # what … means, and how to see everything
    assert note.startswith("… ") and "--width 0" in note and f" {width} " in note


def test_the_terminal_width_is_the_default(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert 90 < max(cell_width(line) for line in _text(capsys, "digits").splitlines()) <= 100
    monkeypatch.setenv("COLUMNS", "20")  # narrower than a cut matrix can be: the least width
    assert max(cell_width(line) for line in _text(capsys, "digits").splitlines()) <= 40


def test_without_a_terminal_or_columns_the_width_is_80(monkeypatch):
    from tests.cli.test_trace_and_train import run_cli

    monkeypatch.delenv("COLUMNS")
    out = run_cli("trace", "digits")  # stdout is a pipe
    assert out.returncode == 0
    assert 70 < max(cell_width(line) for line in out.stdout.splitlines()) <= 80


@pytest.mark.parametrize("preset", WIDE_PRESETS)
def test_what_is_shown_of_a_cut_row_is_its_first_and_last_numbers(capsys, preset):
    full = _entries(_text(capsys, preset, "--width", "0"))
    cut = _entries(_text(capsys, preset, "--width", "80"))
    assert len(full) == len(cut)
    any_cut = False
    for (full_head, full_rows), (cut_head, cut_rows) in zip(full, cut, strict=True):
        assert len(full_rows) == len(cut_rows)
        match = re.search(r", columns (\d+)–(\d+) left out\)$", cut_head)
        if match is None:
            assert cut_head == full_head and cut_rows == full_rows
            continue
        any_cut = True
        first, last = int(match[1]), int(match[2])
        assert cut_head.startswith(full_head.removesuffix(")"))
        for full_row, cut_row in zip(full_rows, cut_rows, strict=True):
            numbers = NUMBER.findall(full_row)
            before, after = cut_row.split("…")
            assert NUMBER.findall(before) == numbers[:first - 1]
            assert NUMBER.findall(after) == numbers[last:]
    assert any_cut


@pytest.mark.parametrize("preset", WIDE_PRESETS)
def test_a_width_wide_enough_prints_every_number(capsys, preset):
    """Every entry has as many numbers as its shape holds, and they are the JSON export's."""
    unlimited = _text(capsys, preset, "--width", "0")
    assert "…" not in unlimited
    widest = max(cell_width(line) for line in unlimited.splitlines())
    assert _text(capsys, preset, "--width", str(widest)) == unlimited
    assert main(["trace", preset, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    numbers = [float(n) for n in NUMBER.findall(unlimited)]
    expected = [data["x"], data["y"]]
    for layer in data["layers"]:
        expected += [layer["W"], layer["b"]]
    flat: list[float] = []
    for value in expected:
        flat += list(_flatten(value))
    # The inputs and parameters come first in the listing, in this order.
    assert numbers[:len(flat)] == pytest.approx([round(v, 4) for v in flat], abs=5e-5)


def _flatten(value: object) -> list[float]:
    if isinstance(value, list):
        return [item for part in value for item in _flatten(part)]
    assert isinstance(value, float | int)
    return [float(value)]


def test_one_column_left_out_is_named_as_one(capsys):
    # y's rows are 10 numbers of 6 characters: 86 cells with the brackets and the indent.
    assert "y: the targets, one row per sample    (4×10)" in _text(capsys, "digits", "--width", "86")
    text = _text(capsys, "digits", "--width", "85")
    assert "y: the targets, one row per sample    (4×10, column 6 left out)" in text
    text = _text(capsys, "digits", "--width", "80")
    assert "y: the targets, one row per sample    (4×10, columns 5–6 left out)" in text


def test_markdown_keeps_every_column_whatever_the_terminal(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    handout = _text(capsys, "digits", "--format", "markdown")
    assert "…" not in handout
    assert max(len(line) for line in handout.splitlines()) > 500


@pytest.mark.parametrize(("value", "expected"), [
    ("39", "argument --width: '39': expected 0 (no limit) or at least 40"),
    ("-1", "argument --width: '-1': must be at least 0"),
    ("wide", "argument --width: 'wide' is not a whole number"),
])
def test_a_bad_width_is_refused(capsys, value, expected):
    with pytest.raises(SystemExit) as exit_info:
        main(["trace", "digits", "--width", value])
    assert exit_info.value.code == 2
    assert expected in capsys.readouterr().err
