"""String tables: complete in both languages, locale detection, switching."""

from __future__ import annotations

import re
import string
from typing import Any

import pytest
from textual.binding import Binding

from bp_tutor.ui.app import TutorApp
from bp_tutor.ui.bindings import binding_text_key
from bp_tutor.ui.i18n import LANGUAGES, detect_language, get_language, set_language, string_tables, t
from bp_tutor.ui.screens.help import HelpScreen
from bp_tutor.ui.screens.home import HomeScreen
from bp_tutor.ui.screens.lab import LabScreen
from bp_tutor.ui.screens.lesson import LessonScreen
from bp_tutor.ui.screens.placeholder import ComingSoonScreen
from bp_tutor.ui.screens.quiz import DrillScreen
from bp_tutor.ui.widgets.lesson_list import LessonList


def test_every_key_exists_in_both_languages() -> None:
    tables = string_tables()
    assert set(tables) == set(LANGUAGES)
    english, chinese = set(tables["en"]), set(tables["zh"])
    assert english - chinese == set(), "missing in zh"
    assert chinese - english == set(), "missing in en"


def test_keys_are_prefixed_by_an_area_and_translations_keep_their_fields() -> None:
    tables = string_tables()
    for key, english in tables["en"].items():
        assert re.fullmatch(r"[a-z_]+\..+", key), key  # "area.rest"
        fields = {name for _, name, _, _ in string.Formatter().parse(english) if name}
        chinese_fields = {
            name for _, name, _, _ in string.Formatter().parse(tables["zh"][key]) if name
        }
        assert fields == chinese_fields, key


@pytest.mark.parametrize(
    "screen",
    [TutorApp, HomeScreen, LessonScreen, HelpScreen, ComingSoonScreen, LessonList, LabScreen,
     DrillScreen],
)
def test_every_binding_has_an_id_a_description_and_both_translations(screen: Any) -> None:
    bindings = [b for b in screen.BINDINGS if isinstance(b, Binding)]
    assert bindings
    tables = string_tables()
    for binding in bindings:
        assert binding.id and binding.description, binding
        key = binding_text_key(binding)
        assert key in tables["en"] and key in tables["zh"], key


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "zh_TW.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),  # LC_ALL wins
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),  # over LANG
        ({"LC_ALL": "", "LANG": "zh_HK"}, "zh"),  # an empty variable does not decide
        ({"LANG": "C"}, "en"),
    ],
)
def test_detect_language_follows_posix_precedence(environ: dict[str, str], expected: str) -> None:
    assert detect_language(environ) == expected


def test_t_translates_formats_and_falls_back() -> None:
    set_language("zh")
    assert get_language() == "zh"
    assert t("home.minutes", minutes=7) == "7 分钟"
    set_language("en")
    assert t("home.minutes", minutes=7) == "7 min"
    assert t("no.such.key") == "no.such.key"  # visible on screen, not a crash


def test_set_language_rejects_unknown_languages() -> None:
    with pytest.raises(ValueError, match="expected one of en, zh"):
        set_language("fr")
