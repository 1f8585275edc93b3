"""How the lessons write names: superscript layer numbers, ∂L/∂W², δ¹ ..."""

from __future__ import annotations

_SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")


def sup(n: int | str) -> str:
    """3 -> '³'"""
    return str(n).translate(_SUPERSCRIPT)


def z_label(layer: int) -> str:
    return f"z{sup(layer)}"


def a_label(layer: int) -> str:
    """a⁰ is the input; the lessons write it x."""
    return "x" if layer == 0 else f"a{sup(layer)}"


def delta_label(layer: int) -> str:
    return f"δ{sup(layer)}"


def w_label(layer: int) -> str:
    return f"W{sup(layer)}"


def b_label(layer: int) -> str:
    return f"b{sup(layer)}"


def dw_label(layer: int) -> str:
    return f"∂L/∂W{sup(layer)}"


def db_label(layer: int) -> str:
    return f"∂L/∂b{sup(layer)}"
