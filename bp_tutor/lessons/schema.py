"""The rules of the lesson format that need no other file: header fields and block keys.

docs/lesson-format.md describes the same rules for people; keep the two in step.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

HEADER_FIELDS: tuple[str, ...] = ("id", "title", "prerequisites", "objectives", "minutes")

LESSON_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FILE_NAME = re.compile(r"^(\d\d)-(.+)\.md$")

# The quiz kinds of the format. `bp-tutor check` prefers `bp_tutor.quiz.KINDS` when the quiz
# package provides it (the lesson layer may not import the quiz layer, so the command passes it in).
QUIZ_KINDS: frozenset[str] = frozenset({
    "derivative_at_point", "chain_rule", "partial_derivative", "sgd_update", "sigmoid_prime",
    "tanh_prime", "relu_prime", "leaky_relu_prime", "mse_gradient", "softmax_output",
    "softmax_jacobian", "softmax_ce_gradient", "neuron_weight_gradient", "layer_delta",
    "layer_dw", "layer_db", "delta_back", "backprop_two_step", "batch_mean_gradient",
    "l2_gradient", "find_the_bug",
})  # fmt: skip

PLOT_FUNCTIONS: tuple[str, ...] = ("identity", "sigmoid", "tanh", "relu", "leaky_relu")

PLOT_RANGE = re.compile(r"^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)$")

REVEAL_SEPARATOR = "???"
# Chinese input methods type full-width question marks; the loader turns this into "???".
REVEAL_SEPARATOR_FULL_WIDTH = "？？？"


def is_reveal_separator(line: str) -> bool:
    return line.strip() in (REVEAL_SEPARATOR, REVEAL_SEPARATOR_FULL_WIDTH)


def normalise_reveal_body(body: str) -> str:
    """The reveal body with its separator line written as plain `???`."""
    return "\n".join(REVEAL_SEPARATOR if is_reveal_separator(line) else line for line in body.split("\n"))


@dataclass(frozen=True)
class BlockSpec:
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return self.required + self.optional


BLOCK_SPECS: dict[str, BlockSpec] = {
    "quiz": BlockSpec(required=("kind",), optional=("seed",)),
    "network": BlockSpec(required=("preset", "show")),
    "plot": BlockSpec(required=("f",), optional=("range",)),
    "reveal": BlockSpec(required=()),
    "lab": BlockSpec(required=("preset",)),
}


@dataclass(frozen=True)
class FieldIssue:
    """A problem with one header field or block key; `key` says which, for locating its line."""

    key: str | None
    message: str


def suggest(word: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def check_header(header: Mapping[str, Any]) -> list[FieldIssue]:
    """Missing, unknown and mistyped header fields; the id's form; minutes > 0."""
    issues: list[FieldIssue] = []
    for key in header:
        if key not in HEADER_FIELDS:
            expected = ", ".join(HEADER_FIELDS)
            issues.append(
                FieldIssue(
                    key,
                    f"unknown header field '{key}'{suggest(key, HEADER_FIELDS)} (the fields are: {expected})",
                )
            )
    for key in HEADER_FIELDS:
        if key not in header:
            issues.append(FieldIssue(None, f"the header has no '{key}' field"))
    if "id" in header:
        value = header["id"]
        if not isinstance(value, str):
            issues.append(FieldIssue("id", "'id' must be a string"))
        elif not LESSON_ID.match(value):
            issues.append(
                FieldIssue(
                    "id",
                    f"id '{value}' must be lowercase letters, digits and '-' (like \"chain-rule\")",
                )
            )
    if "title" in header and not (isinstance(header["title"], str) and header["title"].strip()):
        issues.append(FieldIssue("title", "'title' must be a non-empty string"))
    for key in ("prerequisites", "objectives"):
        if key in header and not is_str_list(header[key]):
            issues.append(FieldIssue(key, f'\'{key}\' must be a list of strings, like ["a", "b"]'))
    if "minutes" in header:
        minutes = header["minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            issues.append(FieldIssue("minutes", "'minutes' must be a whole number, like 15"))
        elif minutes <= 0:
            issues.append(FieldIssue("minutes", f"'minutes' must be positive, got {minutes}"))
    return issues


def check_block_keys(block_type: str, attrs: Mapping[str, str]) -> list[FieldIssue]:
    """Unknown block type, unknown keys, missing required keys."""
    spec = BLOCK_SPECS.get(block_type)
    if spec is None:
        expected = ", ".join(BLOCK_SPECS)
        return [
            FieldIssue(
                None,
                f"unknown block type '{block_type}'{suggest(block_type, BLOCK_SPECS)}"
                f" (the types are: {expected})",
            )
        ]
    issues: list[FieldIssue] = []
    for key in attrs:
        if key not in spec.keys:
            expected = ", ".join(spec.keys) if spec.keys else "no keys"
            issues.append(
                FieldIssue(
                    key,
                    f"unknown key '{key}' in a '{block_type}' block"
                    f"{suggest(key, spec.keys)} (it takes: {expected})",
                )
            )
    for key in spec.required:
        if key not in attrs:
            issues.append(FieldIssue(None, f"a '{block_type}' block needs '{key}=...'"))
    return issues


def check_block_values(
    block_type: str, attrs: Mapping[str, str], body: str, quiz_kinds: Collection[str]
) -> list[FieldIssue]:
    """Values that can be judged without presets: quiz kind, seed, plot function and range,
    the reveal separator, a non-empty `show` list."""
    issues: list[FieldIssue] = []
    if block_type == "quiz":
        kind = attrs.get("kind")
        if kind is not None and kind not in quiz_kinds:
            issues.append(FieldIssue("kind", f"unknown quiz kind '{kind}'{suggest(kind, quiz_kinds)}"))
        seed = attrs.get("seed")
        if seed is not None and not re.fullmatch(r"\d+", seed):
            issues.append(FieldIssue("seed", f"seed must be a whole number, got '{seed}'"))
    elif block_type == "plot":
        f = attrs.get("f")
        if f is not None and f not in PLOT_FUNCTIONS:
            issues.append(
                FieldIssue(
                    "f",
                    f"cannot plot '{f}'{suggest(f, PLOT_FUNCTIONS)}"
                    f" (f is one of: {', '.join(PLOT_FUNCTIONS)})",
                )
            )
        span = attrs.get("range")
        if span is not None:
            match = PLOT_RANGE.match(span)
            if match is None or float(match[1]) >= float(match[2]):
                issues.append(
                    FieldIssue("range", f"range '{span}' must be LOW..HIGH with LOW < HIGH, like -6..6")
                )
    elif block_type == "network":
        show = attrs.get("show")
        if show is not None and not all(show.split(",")):
            issues.append(FieldIssue("show", f"show '{show}' has an empty name between commas"))
    elif block_type == "reveal" and not any(is_reveal_separator(ln) for ln in body.splitlines()):
        issues.append(
            FieldIssue(
                None,
                f"a 'reveal' block needs a line '{REVEAL_SEPARATOR}' between the question and the answer",
            )
        )
    return issues


def id_from_file_name(name: str) -> str:
    """`03-chain-rule.md` -> `chain-rule`: the id a broken lesson is listed under."""
    match = FILE_NAME.match(name)
    stem = match[2] if match else name.removesuffix(".md")
    return stem
