"""Numbers as the lessons print them: the engine's formatting (bp_tutor.nn.render), row style."""

from __future__ import annotations

from typing import Any

from bp_tutor.nn.render import DECIMALS, format_array, format_number, format_shape
from bp_tutor.ui.i18n import t

__all__ = ["DECIMALS", "format_matrix", "format_number", "format_shape", "shape_label"]


def shape_label(shape: tuple[int, ...]) -> str:
    """"2×3" for a matrix, "3" for a vector; a scalar is named in the student's language (the
    engine's own text, used by `bp-tutor trace`, says "scalar")."""
    return format_shape(shape) if shape else t("block.network.scalar")


def format_matrix(value: Any, decimals: int = DECIMALS) -> list[str]:
    """One line per row, every column right-aligned to its widest entry, rows in [ ]."""
    return format_array(value, decimals, style="rows")
