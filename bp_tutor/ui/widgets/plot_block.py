"""`plot` block: an activation f and its derivative f′ side by side.

Both curves are computed by the engine's own `forward` and `derivative`, so the picture is the
function the network uses, not a second copy of the formula. NumPy and plotext load only here.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from bp_tutor.ui.i18n import t
from bp_tutor.ui.widgets.prose import ProseView

DEFAULT_RANGE = (-6.0, 6.0)
SAMPLES = 241


def parse_range(text: str | None) -> tuple[float, float]:
    """"-6..6" → (-6.0, 6.0); raises ValueError with the expected form when it is not that."""
    if not text:
        return DEFAULT_RANGE
    low, sep, high = text.partition("..")
    try:
        if not sep:
            raise ValueError
        bounds = (float(low), float(high))
    except ValueError:
        raise ValueError(f"range {text!r} is not of the form LOW..HIGH, e.g. -6..6") from None
    if bounds[0] >= bounds[1]:
        raise ValueError(f"range {text!r} is empty: LOW must be below HIGH")
    return bounds


Curves = tuple[list[float], list[float], list[float]]


def curves(function: str, bounds: tuple[float, float]) -> Curves:
    """x samples with f(x) and f′(x) from `bp_tutor.nn.ACTIVATIONS[function]`."""
    import numpy as np

    from bp_tutor.nn import ACTIVATIONS

    activation = ACTIVATIONS[function]
    x = np.linspace(bounds[0], bounds[1], SAMPLES)
    return x.tolist(), activation.forward(x).tolist(), activation.derivative(x).tolist()


class PlotBlock(Vertical):
    """Two plots, f and f′, with an optional caption under them."""

    DEFAULT_CSS = """
    PlotBlock {
        height: auto;
        margin: 0 1 1 1;
    }
    PlotBlock > Horizontal {
        height: 14;
    }
    PlotBlock PlotextPlot {
        width: 1fr;
        height: 100%;
    }
    PlotBlock > .plot-caption MarkdownParagraph:last-child {
        margin-bottom: 0;
    }
    """

    def __init__(self, function: str, range_text: str | None = None, caption: str = "") -> None:
        super().__init__()
        self.function = function
        self.range_text = range_text
        self.caption = caption

    def compose(self) -> ComposeResult:
        try:
            bounds = parse_range(self.range_text)
            xs, f, df = curves(self.function, bounds)
        except (KeyError, ValueError) as error:
            yield Static(t("block.plot.failed", f=self.function, error=str(error)))
            return
        from textual_plotext import PlotextPlot

        left, right = PlotextPlot(), PlotextPlot()
        panels = ((left, f, f"{self.function}(x)"), (right, df, f"{self.function}′(x)"))
        for widget, ys, title in panels:
            widget.plt.plot(xs, ys, marker="braille")
            widget.plt.title(title)
        with Horizontal():
            yield left
            yield right
        if self.caption:
            caption = ProseView(self.caption)
            caption.add_class("plot-caption")
            yield caption
