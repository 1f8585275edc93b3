"""What the student reads: one typography everywhere (superscripts, the true minus sign), and
worked solutions that end on the reference value."""

from __future__ import annotations

import re

import numpy as np
import pytest

from bp_tutor.quiz.gen_common import block, num, paren, power, term
from bp_tutor.quiz.kinds import KINDS, generate

SEEDS = range(40)
# A hyphen-minus standing for a sign or a subtraction: before a digit or between spaces.
ASCII_MINUS = re.compile(r"(?<![\w])-(?=\d)|\s-\s")
# A number at the end of a solution line: "… = 8.75" or "… ≈ −0.0701".
LAST_NUMBER = re.compile(r"[=≈] (−?\d+(?:\.\d+)?)$")


def _texts(kind: str, seed: int, lang: str) -> list[str]:
    q = generate(kind, seed, lang)
    texts = [*q.hints, q.solution, *(p.prompt for p in q.parts)]
    # The find_the_bug listing is Python code: its '-' is the language's own operator.
    return texts + ([q.prompt] if kind != "find_the_bug" else [])


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", [k for k in KINDS if k != "find_the_bug"])
def test_no_ascii_minus_and_no_caret_powers(kind: str, lang: str) -> None:
    for seed in SEEDS:
        for text in _texts(kind, seed, lang):
            assert "^" not in text, (kind, seed, text)
            assert not ASCII_MINUS.search(text), (kind, seed, text)


def test_powers_are_superscripts() -> None:
    prompts = {generate("derivative_at_point", s).prompt for s in SEEDS}
    assert any("x³" in p for p in prompts) and any("x²" in p for p in prompts)
    chain = [generate("chain_rule", s) for s in SEEDS]
    assert any(re.search(r"\)[²³]\.", q.prompt) for q in chain if q.params["form"] == "power")


def test_derivative_solution_reads_like_a_teacher_wrote_it() -> None:
    """f(x) = c·xⁿ + d·x: the derivative first, simplified, then its value at the point."""
    for seed in SEEDS:
        q = generate("derivative_at_point", seed)
        c, n, d, x0 = (q.params[k] for k in ("c", "n", "d", "x0"))
        lead = f"{c * n}x" + {2: "", 3: "²"}[n]
        tail = f"+ {d}" if d > 0 else f"− {-d}"
        point = f"{x0:g}".replace("-", "−")
        assert q.solution.startswith(f"f′(x) = {lead} {tail}, so f′({point}) = "), q.solution
        assert "·3·" not in q.solution and "+ (" not in q.solution


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["derivative_at_point", "chain_rule", "partial_derivative",
                                  "sigmoid_prime", "tanh_prime", "batch_mean_gradient"])
def test_scalar_solutions_end_on_the_reference(kind: str, lang: str) -> None:
    for seed in SEEDS:
        q = generate(kind, seed, lang)
        match = LAST_NUMBER.search(q.solution.splitlines()[-1])
        assert match is not None, q.solution
        shown = float(match.group(1).replace("−", "-"))
        assert shown == pytest.approx(float(q.parts[0].answer), abs=5e-5), (seed, q.solution)


def test_number_formatting() -> None:
    assert num(-0.5) == "−0.5" and num(2.0) == "2" and num(-0.00001) == "0"
    assert num(0.123456) == "0.1235"
    assert paren(-1.5) == "(−1.5)" and paren(1.5) == "1.5"
    assert power("x", 1) == "x" and power("x", 2) == "x²" and power("(−1.1)", 3) == "(−1.1)³"
    assert term(-1, "x", first=True) == "−x" and term(1, "x²") == "+ x²"
    assert term(-3, "") == "− 3" and term(4, "x³", first=True) == "4x³"


def test_matrix_block_aligns_with_true_minus_signs() -> None:
    text = block(np.array([[0.5, -0.25], [-1.0, 0.0]]))
    assert text.splitlines() == ["⎡  0.50  −0.25 ⎤", "⎣ −1.00   0.00 ⎦"]
    assert block(np.array([1.3, -0.4])) == "[ 1.3  −0.4 ]"
    assert block(np.array([-0.00001, 0.5])) == "[ 0.0  0.5 ]"
