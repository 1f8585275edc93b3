"""The settings file: defaults, round trip, atomic replacement, damaged files."""

from __future__ import annotations

from pathlib import Path

from bp_tutor.ui.settings import Settings, load_settings, save_settings, settings_path


def test_settings_live_in_the_data_folder(data_dir: Path) -> None:
    assert settings_path() == data_dir / "settings.json"


def test_missing_file_gives_defaults(data_dir: Path) -> None:
    assert load_settings() == Settings(theme="dark")


def test_round_trip_leaves_no_temporary_files(data_dir: Path) -> None:
    save_settings(Settings(theme="light"))
    assert load_settings() == Settings(theme="light")
    assert [p.name for p in data_dir.iterdir()] == ["settings.json"]


def test_damaged_or_foreign_content_falls_back_to_defaults(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    for content in ("{not json", "[1, 2]", '{"theme": "purple"}', ""):
        target.write_text(content, encoding="utf-8")
        assert load_settings(target) == Settings()


def test_save_creates_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "settings.json"
    save_settings(Settings(theme="light"), target)
    assert load_settings(target).theme == "light"
