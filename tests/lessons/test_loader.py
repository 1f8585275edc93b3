"""Loading lessons for the interface: rendered steps, and broken files listed with their error."""

from __future__ import annotations

from pathlib import Path

from bp_tutor.lessons import Block, Prose, available_languages, load_lesson, load_lessons

FIXTURES = Path(__file__).parent / "fixtures"


def test_lessons_load_in_file_order_with_their_header() -> None:
    lessons = load_lessons("en", FIXTURES / "good")
    assert [lesson.id for lesson in lessons] == ["basics", "neuron"]
    basics = lessons[0]
    assert basics.error is None
    assert basics.title == "Basics"
    assert basics.prerequisites == ()
    assert basics.objectives == ("Read a derivative",)
    assert basics.minutes == 5
    assert basics.lang == "en"
    assert lessons[1].prerequisites == ("basics",)


def test_steps_hold_rendered_prose_and_blocks() -> None:
    basics = load_lessons("en", FIXTURES / "good")[0]
    assert len(basics.steps) == 2
    first, second = basics.steps
    assert len(first.segments) == 1
    prose = first.segments[0]
    assert isinstance(prose, Prose)
    assert prose.line == 9
    # Inline math is Unicode, checked numbers show only the number, display math is a fenced
    # block with the fraction stacked.
    assert "The slope of σ at zero is 0.25." in prose.markdown
    assert "```\n ∂L\n───── = δ xⱼ\n ∂wⱼ\n```" in prose.markdown
    assert "{{" not in prose.markdown and "\\" not in prose.markdown
    quiz, reveal = second.segments
    assert isinstance(quiz, Block) and isinstance(reveal, Block)
    assert (quiz.type, dict(quiz.attrs), quiz.body, quiz.line) == (
        "quiz",
        {"kind": "sigmoid_prime", "seed": "3"},
        "Try one.",
        17,
    )
    assert reveal.body == "What is e⁰?\n???\nIt is 1."


def test_full_width_reveal_separator_is_normalised() -> None:
    reveal = load_lessons("zh", FIXTURES / "good")[0].steps[1].segments[1]
    assert isinstance(reveal, Block)
    assert reveal.body.splitlines()[1] == "???"


def test_negative_checked_numbers_show_a_true_minus() -> None:
    neuron = load_lessons("en", FIXTURES / "good")[1]
    prose = neuron.steps[0].segments[0]
    assert isinstance(prose, Prose)
    assert "i.e. −0.2," in prose.markdown


def test_a_broken_lesson_is_listed_with_its_error() -> None:
    lessons = load_lessons("header", FIXTURES)
    assert [(lesson.id, lesson.error) for lesson in lessons] == [
        ("fields", f"{FIXTURES}/header/01-fields.md:1: the header has no 'minutes' field"),
        ("types", f"{FIXTURES}/header/02-types.md:4: 'prerequisites' must be a list of strings,"
                  ' like ["a", "b"]'),
        ("toml", f"{FIXTURES}/header/03-toml.md:6: header: Invalid value"),
        ("no-order", f"{FIXTURES}/header/no-order.md:1: a lesson starts with a '+++' line that"
                     " opens its TOML header"),
    ]
    assert all(lesson.steps == () for lesson in lessons)
    assert lessons[0].title == "Fields"  # the header was readable enough to give a title


def test_a_latex_error_makes_the_lesson_broken_not_raw() -> None:
    lesson = load_lesson(FIXTURES / "math" / "01-math.md", "en")
    assert lesson.error == f"{FIXTURES}/math/01-math.md:9: unknown command \\sigmma"


def test_an_unreadable_file_does_not_raise(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "01-bytes.md").write_bytes(b"\xff\xfe\x00bad")
    (lesson,) = load_lessons("en", tmp_path)
    assert lesson.id == "bytes"
    assert lesson.error is not None and lesson.error.startswith(f"{tmp_path}/en/01-bytes.md:1:")


def test_available_languages_skips_presets_and_empty_folders(tmp_path: Path) -> None:
    for name in ("en", "zh", "presets", "empty"):
        (tmp_path / name).mkdir()
    (tmp_path / "en" / "01-a.md").write_text("x")
    (tmp_path / "zh" / "01-a.md").write_text("x")
    (tmp_path / "presets" / "a.md").write_text("x")
    assert available_languages(tmp_path) == ["en", "zh"]
    assert load_lessons("fr", tmp_path) == []
