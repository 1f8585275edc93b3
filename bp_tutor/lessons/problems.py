"""A problem found in a lesson folder, printed the way compilers print theirs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len


@dataclass(frozen=True)
class Problem:
    """`path:line: message`, optionally followed by the source line and a caret under `column`.

    `column` is a 0-based character index into `source`; the caret is placed by terminal cells
    so it lands under the right character after Chinese text too.
    """

    path: Path
    line: int
    message: str
    column: int | None = None
    source: str | None = None

    @property
    def headline(self) -> str:
        if self.line <= 0:  # about the folder or file as a whole
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"

    def __str__(self) -> str:
        if self.source is None or self.column is None:
            return self.headline
        indent = " " * cell_len(self.source[: self.column])
        return f"{self.headline}\n    {self.source}\n    {indent}^"
