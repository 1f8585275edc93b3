"""LaTeX math to terminal Unicode.

`render_math(src)` gives one line for inline math (`a/b`, `Σₖ`, `xⱼ`) and, with `display=True`, a
block of lines for display math: fractions stacked over a rule, limits above and below big
operators, matrices as aligned rows in tall brackets. Widths are measured in terminal cells
(`rich.cells.cell_len`) so columns stay aligned next to Chinese text.

Anything the renderer does not understand raises `LatexError` with the offending position: a lesson
must never show a raw `\\command` to the student, so `bp-tutor check` turns this into an error with
a caret under the character.
"""

from __future__ import annotations

from bp_tutor.lessons.latex_layout import Renderer
from bp_tutor.lessons.latex_parse import LatexError, Parser

__all__ = ["LatexError", "render_math"]


def render_math(src: str, *, display: bool = False) -> str:
    """Render LaTeX math `src` as terminal text.

    Inline (`display=False`) always gives one line. Display gives as many lines as the tallest
    element needs, each right-trimmed; the baseline row is the one a fraction's rule sits on.
    """
    tree = Parser(src).parse()
    box = Renderer(display).layout(tree)
    if not display:
        return box.lines[0].strip() if box.lines else ""
    return "\n".join(line.rstrip() for line in box.lines)
