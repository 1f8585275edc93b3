"""The gradient check on saturated units: both gradients (near) 0, so it must not say "correct"."""

from __future__ import annotations

import numpy as np
from rich.console import Console

from bp_tutor.lab.settings import setup_from_preset
from bp_tutor.nn import gradcheck
from bp_tutor.nn.gradcheck import NOTHING_TO_COMPARE
from bp_tutor.ui.i18n import set_language
from bp_tutor.ui.widgets.lab_gradcheck import render_report


def test_saturated_sigmoids_have_nothing_to_compare() -> None:
    setup = setup_from_preset("toy-452")
    net = setup.network()
    w1, b1, *rest = net.params
    # Huge first-layer weights: every sigmoid sits at exactly 0 or 1, so σ′ = 0 and no gradient
    # reaches W¹ or b¹, by backpropagation or by finite differences.
    net.set_params([w1 * 1e5, b1 + 1e5 * np.sign(w1.sum(axis=0)), *rest])
    report = gradcheck(net, setup.x, setup.y)
    verdicts = {row.name: row.verdict for row in report.rows}
    assert verdicts["W1"] == NOTHING_TO_COMPARE and verdicts["b1"] == NOTHING_TO_COMPARE
    assert verdicts["W2"] == "correct"  # the output layer still has a gradient to check


def test_a_normal_network_is_still_correct() -> None:
    setup = setup_from_preset("toy-452")
    report = gradcheck(setup.network(), setup.x, setup.y)
    assert {row.verdict for row in report.rows} == {"correct"}


def test_the_panel_says_why() -> None:
    setup = setup_from_preset("toy-452")
    net = setup.network()
    w1, b1, *rest = net.params
    net.set_params([w1 * 1e5, b1 + 1e5 * np.sign(w1.sum(axis=0)), *rest])
    for lang, words in (("en", "too small to compare (below what finite differences resolve)"),
                        ("zh", "太小，无法比较")):
        set_language(lang)
        console = Console(width=100, record=True)
        console.print(render_report(gradcheck(net, setup.x, setup.y)))
        assert words in console.export_text()


def test_tiny_gradients_neither_pass_nor_fail_the_check() -> None:
    """Every first-layer z = 20 or 25: σ′(z) ≈ 2e-9 or 1e-11, so the first layer's gradients are
    tiny but not 0, below what centred differences with ε = 1e-5 can resolve (their relative error
    is rounding noise, 4e-3 to 1). The report judges the layers it could."""
    setup = setup_from_preset("toy-452")
    net = setup.network()
    w1, b1, *rest = net.params
    for z in (20.0, 25.0):
        net.set_params([np.zeros_like(w1), np.full_like(b1, z), *rest])
        report = gradcheck(net, setup.x, setup.y)
        verdicts = {row.name: row.verdict for row in report.rows}
        assert verdicts["W1"] == NOTHING_TO_COMPARE and verdicts["b1"] == NOTHING_TO_COMPARE
        assert {verdicts["W2"], verdicts["b2"]} == {"correct"}
        assert report.passed and report.worst < 1e-7
        assert [row.name for row in report.compared] == ["W2", "b2"]
