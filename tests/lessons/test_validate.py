"""Each check of `bp-tutor check`, triggered by a fixture folder, down to file:line and wording."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bp_tutor.lessons.numbers import tolerance
from bp_tutor.lessons.problems import Problem
from bp_tutor.lessons.validate import check_library, find_cycles, validate_folder
from bp_tutor.paths import presets_dir
from bp_tutor.quiz.answer import evaluate_expression

FIXTURES = Path(__file__).parent / "fixtures"


def problems_of(folder: str) -> list[str]:
    """Headlines (`file:line: message`) with paths relative to the fixture folder."""
    root = FIXTURES / folder
    found = validate_folder(root, evaluate=evaluate_expression)
    return [p.headline.replace(f"{root}/", "") for p in found]


def test_a_clean_library_has_no_problems() -> None:
    report = check_library(FIXTURES / "good", evaluate=evaluate_expression)
    assert report.problems == []
    assert report.lessons == 4
    assert report.languages == ["en", "zh"]
    assert report.summary() == "4 lessons in 2 languages (en, zh), 0 problems"


def test_a_single_language_folder_can_be_checked() -> None:
    report = check_library(FIXTURES / "good" / "zh", evaluate=evaluate_expression)
    assert report.problems == []
    assert report.languages == ["zh"]


def test_header_fields() -> None:
    assert problems_of("header") == [
        "01-fields.md:1: the header has no 'minutes' field",
        "01-fields.md:2: id 'Bad_Id' must be lowercase letters, digits and '-'"
        ' (like "chain-rule")',
        "01-fields.md:6: unknown header field 'author' (the fields are: id, title,"
        " prerequisites, objectives, minutes)",
        "02-types.md:4: 'prerequisites' must be a list of strings, like [\"a\", \"b\"]",
        "02-types.md:6: 'minutes' must be positive, got 0",
        "03-toml.md:6: header: Invalid value",
        "no-order.md:1: a lesson starts with a '+++' line that opens its TOML header",
        "no-order.md:1: the file name must start with a two-digit order, like 01-derivatives.md",
    ]


def test_toml_error_shows_the_line_with_a_caret() -> None:
    found = validate_folder(FIXTURES / "header")
    toml = next(p for p in found if p.path.name == "03-toml.md")
    assert str(toml).splitlines()[1:] == ["    minutes = = 3", "              ^"]


def test_blocks() -> None:
    shipped_and_local = f"{FIXTURES / 'presets'}, {presets_dir()}"
    assert problems_of("blocks") == [
        "01-blocks.md:9: unknown block type 'quizz' (did you mean 'quiz'?)"
        " (the types are: quiz, network, plot, reveal, lab)",
        "01-blocks.md:12: unknown quiz kind 'chain_rul' (did you mean 'chain_rule'?)",
        "01-blocks.md:12: seed must be a whole number, got 'x'",
        "01-blocks.md:15: unknown key 'level' in a 'quiz' block (it takes: kind, seed)",
        "01-blocks.md:18: a 'network' block needs 'preset=...'",
        "01-blocks.md:21: 'a9' is not in the trace of preset 'tiny'"
        " (it has: x, y, W1, b1, z1, a1, L, delta1, dW1, db1)",
        f"01-blocks.md:24: unknown preset 'nowhere' (no nowhere.json in {shipped_and_local})",
        "01-blocks.md:27: cannot plot 'softplus' (f is one of: identity, sigmoid, tanh, relu,"
        " leaky_relu)",
        "01-blocks.md:27: range '6..-6' must be LOW..HIGH with LOW < HIGH, like -6..6",
        "01-blocks.md:30: a 'reveal' block needs a line '???' between the question and the"
        " answer",
        "01-blocks.md:34: the 'quiz' block opened here is never closed (end it with a line ':::')",
    ]


def test_block_problems_point_at_the_key() -> None:
    found = validate_folder(FIXTURES / "blocks")
    show = next(p for p in found if p.line == 21)
    assert str(show).splitlines()[1:] == [
        "    ::: network preset=tiny show=z1,a9",
        "                                    ^",
    ]


def test_quiz_kinds_can_come_from_the_quiz_package() -> None:
    found = validate_folder(FIXTURES / "blocks", quiz_kinds={"chain_rul"})
    messages = [p.message for p in found]
    assert not any("quiz kind 'chain_rul'" in m for m in messages)
    assert "unknown quiz kind 'chain_rule'" in [m.split(" (")[0] for m in messages]


def test_prerequisites_and_ids() -> None:
    assert problems_of("prereq") == [
        "01-a.md:4: prerequisites form a cycle: a -> c -> b -> a",
        "02-b.md:4: prerequisite 'missing' is not the id of any lesson in this folder",
        "04-again.md:2: id 'a' is already used by 01-a.md",
    ]


def test_find_cycles_names_each_cycle_once() -> None:
    graph = {"a": ["b"], "b": ["a"], "c": ["c2"], "c2": ["d"], "d": ["c"], "e": []}
    assert find_cycles(graph) == [["a", "b"], ["c", "c2", "d"]]
    assert find_cycles({"a": ["b"], "b": []}) == []


def test_latex_errors_point_at_the_character() -> None:
    found = validate_folder(FIXTURES / "math")
    assert [str(p).replace(f"{FIXTURES}/math/", "") for p in found] == [
        "01-math.md:9: unknown command \\sigmma\n"
        "    Fine: $\\frac{a}{b}$, then a typo: $x + \\sigmma(z)$.\n"
        "                                           ^",
        "01-math.md:11: inline math opened with '$' is never closed on this line\n"
        "    A dollar that never closes: $x + 1\n"
        "                                ^",
        "01-math.md:15: \\begin{bmatrix} is closed by \\end{pmatrix}\n"
        "    \\begin{bmatrix} 1 & 2 \\end{pmatrix}\n"
        "                          ^",
    ]


def test_numbers() -> None:
    # The values in the messages are computed here independently: 1/3, and the neuron preset's
    # output σ(0.5·1 − 0.3·2 + 0.2·(−1) + 0.1) = σ(−0.2).
    sigma = 1 / (1 + math.exp(0.2))
    found = problems_of("numbers")
    assert found[:2] == [
        f"01-numbers.md:10: the lesson says 0.334 but 1/3 is {1 / 3:.10g}"
        " (allowed difference ±0.0005)",
        f"01-numbers.md:10: the lesson says 0.4503 but trace tiny a1[0,0] is {sigma:.10g}"
        " (allowed difference ±5e-05)",
    ]
    assert found[3:] == [
        "01-numbers.md:11: 'q1' is not in the trace of 'tiny'"
        " (it has: x, y, W1, b1, z1, a1, L, delta1, dW1, db1)",
        "01-numbers.md:11: index 5 is out of range for axis 1 of 'a1' (size 1, indices start at"
        " 0)",
        "01-numbers.md:11: 'L' of 'tiny' is a single number: it takes no index",
        "01-numbers.md:12: unknown preset 'nowhere' (no nowhere.json in"
        f" {FIXTURES / 'presets'}, {presets_dir()})",
        "01-numbers.md:12: 'two' after '=' is not a number",
        "01-numbers.md:12: a checked number is written {{ EXPRESSION = NUMBER }}",
    ]
    # The evaluator's own syntax error keeps its caret ("at the end" of `2 **`), moved into
    # the lesson line.
    bad = validate_folder(FIXTURES / "numbers", evaluate=evaluate_expression)[2]
    assert bad.line == 11
    assert bad.source is not None and bad.column is not None
    assert bad.source[: bad.column].endswith("{{ 2 **")


def test_numbers_without_an_evaluator_are_reported_not_skipped() -> None:
    found = validate_folder(FIXTURES / "numbers")
    unchecked = [p for p in found if "no arithmetic evaluator" in p.message]
    # sigmoid(0), 1/3 twice and 2 ** on lines 9 to 11.
    assert [p.line for p in unchecked] == [9, 9, 10, 11]


@pytest.mark.parametrize(
    ("number", "expected"),
    [("0.4843", 0.00005), ("12", 0.5), ("1.5e-3", 0.00005), ("-0.25", 0.005), ("3.0", 0.05)],
)
def test_tolerance_is_half_a_unit_in_the_last_digit(number: str, expected: float) -> None:
    assert tolerance(number) == pytest.approx(expected)


def test_parity_between_languages() -> None:
    assert problems_of("parity") == [
        "en/02-two.md:2: lesson 'two' has no Chinese version in zh/",
        "zh/01-one.md:1: this lesson has 1 step but en/01-one.md has 2"
        " (steps are separated by '---' lines)",
        "zh/01-one.md:11: block 1 is '::: quiz kind=chain_rule seed=2' but in en/01-one.md:11"
        " it is '::: quiz kind=chain_rule seed=1'",
        "zh/03-three.md:2: lesson 'three' is not in en/ (every lesson exists in en/ first)",
        "zh/04-four.md:14: this block is not in en/04-four.md, which has 1 block",
        "zh/05-five.md:1: this lesson has 1 block but en/05-five.md has 2; the first missing one"
        " is '::: plot f=tanh' (en/05-five.md:14)",
        "zh/06-six-renamed.md:1: this lesson is en/06-six.md in the base language: use the same"
        " file name, 06-six.md",
    ]


def test_an_empty_folder_is_a_problem(tmp_path: Path) -> None:
    assert [str(p) for p in validate_folder(tmp_path)] == [
        f"{tmp_path}: no lesson files (*.md) here or in en/, zh/, ..."
    ]


def test_problem_caret_counts_terminal_cells_for_chinese() -> None:
    problem = Problem(Path("a.md"), 3, "unknown command \\foo", 4, "中文 $\\foo$")
    assert str(problem) == "a.md:3: unknown command \\foo\n    中文 $\\foo$\n          ^"
