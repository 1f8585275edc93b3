"""The lesson library: loading lessons for the interface, rendering their math, checking them.

load_lessons("en")           -> list[Lesson] in curriculum order (never raises)
render_math(r"\\frac{a}{b}") -> "a/b"
validate_folder(path)        -> list[Problem] (what `bp-tutor check` prints)
"""

# Names are imported on first use (PEP 562), so `bp_tutor.lessons.model` can be imported on its
# own (the app's lesson cache does at start-up) without loading the parser and the validator.
_EXPORTS = {
    "LatexError": "latex", "render_math": "latex",
    "available_languages": "loader", "load_lesson": "loader", "load_lessons": "loader",
    "Block": "model", "Lesson": "model", "Prose": "model", "Segment": "model", "Step": "model",
    "Problem": "problems",
    "CheckReport": "validate", "check_library": "validate", "validate_folder": "validate",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bp_tutor.lessons' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"bp_tutor.lessons.{module}"), name)
