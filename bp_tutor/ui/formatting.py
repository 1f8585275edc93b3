"""Numbers as the lessons print them: the engine's formatting (bp_tutor.nn.render), row style."""

from __future__ import annotations

from typing import Any

from bp_tutor.nn.render import DECIMALS, format_array, format_number, format_shape

__all__ = ["DECIMALS", "format_matrix", "format_number", "format_shape"]


def format_matrix(value: Any, decimals: int = DECIMALS) -> list[str]:
    """One line per row, every column right-aligned to its widest entry, rows in [ ]."""
    return format_array(value, decimals, style="rows")
