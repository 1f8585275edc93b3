"""UI string tables, one module per area.

Every module here defines `STRINGS: dict[str, dict[str, str]] = {"en": {...}, "zh": {...}}` with
keys prefixed by its area (`home.title`, `lesson.step`, ...). `bp_tutor.ui.i18n` merges them all,
so adding an area is adding a module.
"""
