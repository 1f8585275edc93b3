"""Translated UI strings: `t("home.title")` in the current language.

The string tables live in `bp_tutor.ui.strings.<area>` (one module per area, each a
`STRINGS = {"en": {...}, "zh": {...}}`); they are merged on first use. A key missing in the current
language falls back to English, and a key missing everywhere shows itself, so a gap is visible on
screen instead of crashing the app (the test suite checks that no key is missing).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from functools import partial

LANGUAGES: tuple[str, ...] = ("en", "zh")
DEFAULT_LANGUAGE = "en"

# The locale variables in POSIX precedence order: the first one set wins.
_LOCALE_VARIABLES: tuple[str, ...] = ("LC_ALL", "LC_MESSAGES", "LANG")

_current_language: str = DEFAULT_LANGUAGE
_tables: dict[str, dict[str, str]] | None = None


class DuplicateStringKey(ValueError):
    """Two string modules define the same key: one of them would silently win."""


def detect_language(environ: Mapping[str, str]) -> str:
    """The language the locale asks for: "zh" if the deciding variable starts with zh, else "en"."""
    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def get_language() -> str:
    """The language `t` currently translates into."""
    return _current_language


def set_language(lang: str) -> None:
    """Switch every later `t` call to `lang` ("en" or "zh")."""
    global _current_language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    _current_language = lang


def string_tables() -> dict[str, dict[str, str]]:
    """Every string module merged into one table per language (loaded once)."""
    global _tables
    if _tables is None:
        _tables = _merge_string_modules()
    return _tables


def _merge_string_modules() -> dict[str, dict[str, str]]:
    from bp_tutor.ui import strings

    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    origin: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(strings.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{strings.__name__}.{info.name}")
        table: Mapping[str, Mapping[str, str]] = getattr(module, "STRINGS", {})
        for lang, entries in table.items():
            target = merged.setdefault(lang, {})
            for key, text in entries.items():
                owner = origin.setdefault(f"{lang}:{key}", info.name)
                if owner != info.name:
                    raise DuplicateStringKey(
                        f"string key {key!r} ({lang}) is defined in both "
                        f"strings/{owner}.py and strings/{info.name}.py"
                    )
                target[key] = text
    return merged


def has_key(key: str) -> bool:
    """Whether any language defines `key` (used to translate optional things like binding ids)."""
    return any(key in table for table in string_tables().values())


def t(key: str, **fmt: object) -> str:
    """The text for `key` in the current language, with `{name}` fields filled from `fmt`."""
    return text_in(_current_language, key, **fmt)


Say = Callable[..., str]  # the strings of one language: say(key, **fields), as `t` does


def words_in(lang: str) -> Say:
    """`text_in` with the language fixed: for a command that prints in the reader's language
    without switching the process's current one."""
    return partial(text_in, lang)


def text_in(lang: str, key: str, **fmt: object) -> str:
    """The text for `key` in `lang`: for a process speaking to several people at once (the
    classroom server), where one current language does not fit."""
    tables = string_tables()
    text = tables.get(lang, {}).get(key)
    if text is None:
        text = tables[DEFAULT_LANGUAGE].get(key, key)
    return text.format(**fmt) if fmt else text
