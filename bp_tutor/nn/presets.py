"""Presets: named network specs (with training settings) shared by lessons, the lab and `trace`.

A preset is a JSON file in the lessons' `presets/` folder, in the spec format of `bp-tutor trace`.
A preset that names a dataset instead of giving x and y traces its first `trace_samples` rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bp_tutor.nn.datasets import Dataset, load_dataset
from bp_tutor.nn.network import Network
from bp_tutor.nn.spec import NetworkSpec, SpecError, parse_spec
from bp_tutor.textfile import read_text


@dataclass(frozen=True)
class Preset:
    name: str
    path: Path
    spec: NetworkSpec
    x: NDArray[np.floating]  # the batch a trace of this preset shows
    y: NDArray[np.floating]
    dataset: Dataset | None

    @property
    def description(self) -> str:
        return self.spec.description

    def network(self) -> Network:
        return Network.from_spec(self.spec, input_size=int(self.x.shape[1]))


def default_preset_dirs() -> list[Path]:
    """The shipped presets, after those of a teacher's lessons folder (`bp-tutor --lessons DIR`)."""
    # Imported here, not at the top: the engine proper stays free of the app's modules.
    from bp_tutor.paths import preset_dirs

    return preset_dirs()


def preset_names(directory: Path | None = None) -> list[str]:
    folders = [directory] if directory is not None else default_preset_dirs()
    return sorted({p.stem for folder in folders for p in folder.glob("*.json")})


def load_preset(name: str, directory: Path | None = None) -> Preset:
    """The preset `name` (a name in the presets folder, or a path to a spec file).

    Raises FileNotFoundError for an unknown name, UnreadableFileError (an OSError) for a file that
    is missing or cannot be read, and SpecError (pointing into the file) for a bad spec.
    """
    candidate = Path(name)
    # A path, not a name: it says so (a folder or .json), or it names a file that is there.
    if candidate.suffix == ".json" or "/" in name or "\\" in name or candidate.is_file():
        return load_spec_file(candidate)
    folders = [directory] if directory is not None else default_preset_dirs()
    path = next((f / f"{name}.json" for f in folders if (f / f"{name}.json").is_file()),
                folders[-1] / f"{name}.json")
    if not path.is_file():
        known = ", ".join(preset_names(directory)) or "none"
        raise FileNotFoundError(f"no preset {name!r}; the presets are {known}")
    return load_spec_file(path)


def load_spec_file(path: Path) -> Preset:
    """The preset in a JSON spec file. UnreadableFileError (an OSError naming the file) if it
    cannot be read; SpecError, carrying the path and the text to point into, if it is not a
    valid spec or gives nothing to trace."""
    text = read_text(path)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        if not text.strip():  # nothing to point at
            raise SpecError("", "the file is empty; expected a JSON object with the network's "
                                "\"layers\" and \"loss\"").in_file(str(path), text) from None
        raise SpecError("", f"invalid JSON: {err.msg}", line=err.lineno,
                        column=err.colno).in_file(str(path), text) from None
    try:
        return preset_from_spec(parse_spec(raw, source=str(path)), path)
    except SpecError as err:
        raise err.in_file(str(path), text) from None


def preset_from_spec(spec: NetworkSpec, path: Path) -> Preset:
    dtype = np.dtype(spec.dtype).type
    dataset = load_dataset(spec.dataset, seed=spec.seed, dtype=dtype) if spec.dataset else None
    if spec.x is not None and spec.y is not None:
        x, y = spec.x.astype(dtype), spec.y.astype(dtype)
    elif dataset is None:  # a valid network ("inputs" or weights give its size), but no data
        raise SpecError("x", "missing; a pass needs inputs x and targets y, or a \"dataset\" to "
                             "take them from")
    else:
        rows = min(spec.trace_samples, len(dataset.x_train))
        x = dataset.x_train[:rows]
        y = dataset.targets(dataset.labels_train[:rows], spec.layers[-1].units)
    return Preset(path.stem, path, spec, x, y, dataset)
