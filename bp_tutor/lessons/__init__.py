"""The lesson library: loading lessons for the interface, rendering their math, checking them.

load_lessons("en")           -> list[Lesson] in curriculum order (never raises)
render_math(r"\\frac{a}{b}") -> "a/b"
validate_folder(path)        -> list[Problem] (what `bp-tutor check` prints)
"""

from bp_tutor.lessons.latex import LatexError, render_math
from bp_tutor.lessons.loader import available_languages, load_lesson, load_lessons
from bp_tutor.lessons.model import Block, Lesson, Prose, Segment, Step
from bp_tutor.lessons.problems import Problem
from bp_tutor.lessons.validate import CheckReport, check_library, validate_folder

__all__ = [
    "Block",
    "CheckReport",
    "LatexError",
    "Lesson",
    "Problem",
    "Prose",
    "Segment",
    "Step",
    "available_languages",
    "check_library",
    "load_lesson",
    "load_lessons",
    "render_math",
    "validate_folder",
]
