"""The one place that says which widget shows which lesson block type.

Each factory imports its widget when first used, so a lesson without plots never loads plotext
and the home screen never loads NumPy. Widgets written elsewhere (the quiz block) are looked up
at that moment too, and a placeholder stands in while they do not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.widget import Widget
from textual.widgets import Static

from bp_tutor.ui.contracts import BlockLike
from bp_tutor.ui.i18n import t


@dataclass(frozen=True)
class BlockContext:
    """What a block widget may need to know about where it is shown."""

    lesson_id: str
    lang: str


BlockFactory = Callable[[BlockLike, BlockContext], Widget]


def _attr_text(block: BlockLike, key: str) -> str:
    value = block.attrs.get(key)
    return "" if value is None else str(value)


def _attr_names(block: BlockLike, key: str) -> list[str]:
    """A comma-separated value, e.g. `show=z1,a1,L`."""
    return [item.strip() for item in _attr_text(block, key).split(",") if item.strip()]


def _attr_int(block: BlockLike, key: str) -> int | None:
    value = block.attrs.get(key)
    if isinstance(value, int):
        return value
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def _reveal(block: BlockLike, context: BlockContext) -> Widget:
    from bp_tutor.ui.widgets.reveal_block import RevealBlock

    return RevealBlock(block.body)


def _plot(block: BlockLike, context: BlockContext) -> Widget:
    from bp_tutor.ui.widgets.plot_block import PlotBlock

    return PlotBlock(_attr_text(block, "f"), _attr_text(block, "range") or None, block.body.strip())


def _network(block: BlockLike, context: BlockContext) -> Widget:
    from bp_tutor.ui.widgets.network_block import NetworkBlock

    names = _attr_names(block, "show")
    return NetworkBlock(_attr_text(block, "preset"), names, block.body.strip())


def _lab(block: BlockLike, context: BlockContext) -> Widget:
    from bp_tutor.ui.widgets.preset_button import LabBlock

    return LabBlock(_attr_text(block, "preset"), block.body.strip())


def _quiz(block: BlockLike, context: BlockContext) -> Widget:
    kind = _attr_text(block, "kind")
    seed = _attr_int(block, "seed")
    try:
        from bp_tutor.ui.widgets.quiz_block import QuizBlock
    except ImportError:
        return Static(t("block.quiz.placeholder", kind=kind), classes="block-placeholder")
    return QuizBlock(kind=kind, seed=seed, lesson_id=context.lesson_id, intro=block.body.strip())


BLOCK_WIDGETS: dict[str, BlockFactory] = {
    "reveal": _reveal,
    "plot": _plot,
    "network": _network,
    "lab": _lab,
    "quiz": _quiz,
}


def widget_for_block(block: BlockLike, context: BlockContext) -> Widget:
    """The widget for `block`; a visible notice for a type nobody registered."""
    factory = BLOCK_WIDGETS.get(block.type)
    if factory is None:
        return Static(
            t("block.unknown", type=block.type, line=block.line), classes="block-placeholder"
        )
    return factory(block, context)
