"""Key bindings shown in the student's language.

Bindings are declared once, in English, with an `id`. Footer and help screen read them through
`translate_active_bindings`, which swaps each description for the string `keys.<id>` when a
string table has it, so both stay generated from the real bindings and follow a language switch.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import ActiveBinding, Binding

from bp_tutor.ui.i18n import has_key, t


def binding_text_key(binding: Binding) -> str:
    """The string key that names this binding: by id (ours), else by action (Textual's own,
    such as focus_next, which carry no id)."""
    if binding.id:
        return f"keys.{binding.id}"
    action = binding.action.rpartition(".")[2].partition("(")[0]
    return f"keys.action.{action}"


def translate_binding(binding: Binding) -> Binding:
    """`binding` with its description (and tooltip) in the current language."""
    key = binding_text_key(binding)
    if not has_key(key):
        return binding
    text = t(key)
    return replace(binding, description=text, tooltip=text if binding.tooltip else "")


def translate_active_bindings(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The same active bindings, each description translated."""
    return {
        key: active._replace(binding=translate_binding(active.binding))
        for key, active in bindings.items()
    }
