"""Train mode: status, the live loss and accuracy curves and, for 2-D data, the decision boundary.

The view only draws a `Snapshot`; the screen decides when (at a bounded rate while training runs),
so drawing never slows the training worker down more than that rate allows.
"""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from bp_tutor.lab.boundary import BoundaryGrid
from bp_tutor.lab.session import Snapshot
from bp_tutor.ui.formatting import format_number
from bp_tutor.ui.i18n import t

CLASS_COLORS = ("cyan", "magenta", "yellow", "green", "red", "blue", "white", "orange",
                "gray", "violet")


def step_ticks(last: int, most: int = 5) -> list[int]:
    """At most `most` whole step numbers from 0 to about `last`, on a round spacing (1, 2, 5 × 10ᵏ).

    plotext would label a step axis with fractions ("2389.2", "0.50"); a step has no fractions.
    """
    if last <= 0:
        return [0]
    magnitude = 1
    while True:
        for spacing in (magnitude, 2 * magnitude, 5 * magnitude):
            if last // spacing + 1 <= most:
                return list(range(0, last + 1, spacing))
        magnitude *= 10


def _percent(values: list[float]) -> str:
    return f"{100 * values[-1]:.1f}%" if values else "–"


class TrainView(Vertical):
    DEFAULT_CSS = """
    TrainView { height: 1fr; }
    TrainView #lab-train-status { height: 1; }
    TrainView #lab-train-metrics { height: 1; }
    TrainView #lab-train-plots { height: 1fr; }
    TrainView #lab-train-message { height: auto; color: $error; }
    TrainView #lab-train-help { height: 1; color: $text-muted; }
    TrainView #lab-train-captions { height: 1; }
    TrainView #lab-train-captions Static { width: 1fr; }
    TrainView .hidden { display: none; }
    /* The curves' right axis (accuracy) and the boundary's left axis would otherwise touch. */
    TrainView #lab-boundary, TrainView #lab-boundary-caption { margin-left: 2; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="lab-train-status")
        yield Static(id="lab-train-metrics")
        with Horizontal(id="lab-train-captions"):
            yield Static(self._curve_caption(), id="lab-curve-caption")
            yield Static(t("lab.train.boundary"), id="lab-boundary-caption")
        with Horizontal(id="lab-train-plots"):
            yield PlotextPlot(id="lab-curve")
            yield PlotextPlot(id="lab-boundary")
        yield Static(id="lab-train-message")
        yield Static(t("lab.train.help"), id="lab-train-help")

    @staticmethod
    def _curve_caption() -> Text:
        # Captions live outside the plots: plotext counts characters, not terminal cells, so a
        # Chinese title inside a plot would push its frame out of line.
        text = Text()
        text.append("━ ", style="cyan")
        text.append(t("lab.train.loss") + "   ")
        text.append("━ ", style="green")
        text.append(t("lab.train.accuracy"))
        return text

    def show_unavailable(self, name: str) -> None:
        self.query_one("#lab-train-status", Static).update(t("lab.train.no_dataset", name=name))
        self.query_one("#lab-train-plots").display = False

    def show(self, snap: Snapshot, boundary: BoundaryGrid | None, plots: bool = True,
             notice: str = "") -> None:
        """Status lines always; the plots only when `plots` (they cost the most to draw).

        `notice` is a one-line answer to the last key (e.g. "pause first"), shown in place of
        the divergence message when there is none.
        """
        key = "lab.train.status" if snap.target_epochs is None else "lab.train.status_target"
        self.query_one("#lab-train-status", Static).update(t(
            key, state=t(f"lab.train.state.{snap.state}"), steps=snap.steps,
            epoch=snap.epoch, target=snap.target_epochs, lr=snap.learning_rate))
        loss = format_number(snap.last_loss) if snap.last_loss is not None else "–"
        self.query_one("#lab-train-metrics", Static).update(t(
            "lab.train.metrics", loss=loss, train=_percent(snap.train_accuracy),
            test=_percent(snap.test_accuracy)))
        message = notice
        if snap.diverged is not None:
            d = snap.diverged
            restored = (t("lab.train.restored.initial") if d.restored_step == 0
                        else t("lab.train.restored.step", step=d.restored_step))
            message = t("lab.train.diverged", step=d.step, loss=f"{d.loss:.4g}",
                        lr=d.learning_rate, suggested=d.suggested_learning_rate,
                        presses=d.presses, restored=restored)
        elif snap.state == "finished" and not notice:
            message = t("lab.train.finished", epochs=snap.target_epochs)
        self.query_one("#lab-train-message", Static).update(Text(message))
        if plots:
            self._draw_curves(snap)
            self._draw_boundary(boundary)

    def _draw_curves(self, snap: Snapshot) -> None:
        widget = self.query_one("#lab-curve", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        if snap.loss_steps:
            plt.plot(snap.loss_steps, snap.loss_values, color="cyan", marker="braille")
            plt.xticks([float(k) for k in step_ticks(max(snap.loss_steps[-1], snap.steps))],
                      [str(k) for k in step_ticks(max(snap.loss_steps[-1], snap.steps))])
        if len(snap.accuracy_steps) > 1:
            plt.plot(snap.accuracy_steps, snap.test_accuracy, color="green", yside="right",
                     marker="braille")
        widget.refresh()

    def _draw_boundary(self, grid: BoundaryGrid | None) -> None:
        widget = self.query_one("#lab-boundary", PlotextPlot)
        widget.set_class(grid is None, "hidden")
        self.query_one("#lab-boundary-caption").set_class(grid is None, "hidden")
        if grid is None:
            return
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        for k in range(int(grid.classes.max()) + 1):
            rows, cols = (grid.classes == k).nonzero()
            if len(rows):
                plt.scatter(grid.xs[cols].tolist(), grid.ys[rows].tolist(),
                            color=CLASS_COLORS[k % len(CLASS_COLORS)], marker="dot")
        # The training points on top, as "o" in their true class's colour: one sitting on the
        # other colour's region is a point the network gets wrong. (ASCII on purpose: ● is
        # ambiguous-width and would shift the plot in East Asian terminals.)
        for k in np.unique(grid.labels):
            mine = grid.labels == k
            plt.scatter(grid.points[mine, 0].tolist(), grid.points[mine, 1].tolist(),
                        color=CLASS_COLORS[int(k) % len(CLASS_COLORS)], marker="o")
        widget.refresh()
