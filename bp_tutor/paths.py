"""Where bp-tutor keeps things on disk: every path the program reads or writes is named here."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "bp-tutor"
# A teacher's own lessons folder, added to the shipped lessons (`--lessons DIR` sets it, so the
# processes a command starts, such as the classroom's tutors, see the same folder).
ADDED_LESSONS_ENV = "BP_TUTOR_LESSONS"


def data_dir() -> Path:
    """The user's data folder (progress database, host keys); BP_TUTOR_DATA_DIR overrides it."""
    override = os.environ.get("BP_TUTOR_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """Settings the user chose (theme); inside BP_TUTOR_DATA_DIR when that is set."""
    override = os.environ.get("BP_TUTOR_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Things that can be rebuilt at any time (parsed lessons); inside BP_TUTOR_DATA_DIR if set."""
    override = os.environ.get("BP_TUTOR_DATA_DIR")
    if override:
        return Path(override) / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def settings_path() -> Path:
    """UI settings, written atomically by bp_tutor.ui.settings."""
    return config_dir() / "settings.json"


def progress_db_path() -> Path:
    """The default SQLite progress database."""
    return data_dir() / "progress.sqlite3"


def lessons_dir() -> Path:
    """The shipped lesson folder: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "_lessons"
    if installed.is_dir():
        return installed
    return here.parent / "lessons"


def presets_dir() -> Path:
    """Network presets (trace specs with training settings) shared by lessons, the lab and `trace`."""
    return lessons_dir() / "presets"


def added_lessons_dir() -> Path | None:
    """The teacher's lessons folder added to the shipped ones (BP_TUTOR_LESSONS), if any."""
    value = os.environ.get(ADDED_LESSONS_ENV)
    if not value:
        return None
    folder = Path(value).expanduser().absolute()
    return None if folder.resolve() == lessons_dir().resolve() else folder


def preset_dirs() -> list[Path]:
    """Where a preset is looked for by name: the teacher's folder's presets/ first, so a teacher's
    preset may replace a shipped one as their lessons may, then the shipped presets."""
    added = added_lessons_dir()
    extra = [added / "presets"] if added is not None and (added / "presets").is_dir() else []
    return [*extra, presets_dir()]
