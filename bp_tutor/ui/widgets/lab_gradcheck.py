"""The gradient-check panel: backpropagation's gradient against centred finite differences.

One row per parameter tensor with its relative error, coloured by the engine's verdict: green for
"correct" and "probably correct", yellow for "suspicious", red for "wrong", cyan for "nothing to
compare" (both gradients below what finite differences resolve: the check tested nothing).
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from bp_tutor.nn import GradCheckReport
from bp_tutor.nn.gradcheck import AT_A_KINK, NOTHING_TO_COMPARE
from bp_tutor.ui.i18n import t

VERDICT_STYLES = {
    "correct": "bold green",
    "probably correct": "green",
    "suspicious": "bold yellow",
    "wrong": "bold red",
    NOTHING_TO_COMPARE: "bold cyan",  # neither a pass nor a failure: nothing was tested
    AT_A_KINK: "bold cyan",
}


def render_report(report: GradCheckReport) -> Group:
    table = Table.grid(padding=(0, 3))
    table.add_column()
    table.add_column(justify="right")
    table.add_column()
    for row in report.rows:
        style = VERDICT_STYLES.get(row.verdict, "bold red")
        table.add_row(Text(row.label), Text(f"{row.rel_error:.2e}", style=style),
                      Text(t(f"lab.check.verdict.{row.verdict}"), style=style))
    summary = t("lab.check.passed") if report.passed else t("lab.check.failed")
    lines = [Text(summary, style="green" if report.passed else "red")]
    if any(row.verdict == NOTHING_TO_COMPARE for row in report.rows):
        lines.append(Text(t("lab.check.zero_note"), style="cyan"))
    if any(row.verdict == AT_A_KINK for row in report.rows):
        lines.append(Text(t("lab.check.kink_note", kinks=report.kinks_text()), style="cyan"))
    return Group(Text(t("lab.check.title"), style="bold"), Text(""), table, Text(""),
                 *lines, Text(t("lab.check.note"), style="dim"))


class GradCheckPanel(Static):
    DEFAULT_CSS = """
    GradCheckPanel { height: 1fr; padding: 1 1; }
    """

    def show(self, report: GradCheckReport) -> None:
        self.update(render_report(report))
