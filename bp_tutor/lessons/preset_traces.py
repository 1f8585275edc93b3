"""Traces of preset networks for the lesson checker, computed once per preset and cached.

The engine is imported on first use: loading lessons for the interface does not need NumPy.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bp_tutor.nn import Trace


class PresetError(Exception):
    """A preset that is missing or cannot be traced; the message says which and why."""


class PresetTraces:
    """Finds `NAME.json` in the first folder of `folders` that has it, and traces it."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = [f for f in folders if f.is_dir()]
        self._traces: dict[str, Trace | PresetError] = {}

    def find(self, name: str) -> Path | None:
        for folder in self.folders:
            path = folder / f"{name}.json"
            if path.is_file():
                return path
        return None

    def describe_folders(self) -> str:
        return ", ".join(str(f) for f in self.folders) or "no presets folder"

    def trace(self, name: str) -> Trace:
        """One forward and backward pass of preset `name` on its own batch. Raises PresetError."""
        if name not in self._traces:
            self._traces[name] = self._compute(name)
        found = self._traces[name]
        if isinstance(found, PresetError):
            raise found
        return found

    def _compute(self, name: str) -> Trace | PresetError:
        path = self.find(name)
        if path is None:
            return PresetError(f"unknown preset '{name}' (no {name}.json in {self.describe_folders()})")
        try:
            from bp_tutor.nn import SpecError, load_preset
        except ImportError as exc:  # pragma: no cover - the engine ships with the package
            return PresetError(f"the network engine cannot be loaded: {exc}")
        try:
            preset = load_preset(name, path.parent)
            return preset.network().trace(preset.x, preset.y)
        except (SpecError, ValueError, OSError) as exc:
            return PresetError(f"preset '{name}' cannot be traced: {exc}")
