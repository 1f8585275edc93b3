"""Write SVG screenshots of bp-tutor's main screens into `screenshots/` (PNG too, if possible).

    python3 scripts/screenshots.py

Runs the app headless on the shipped lessons, in English and Chinese at 100×30, with a
throw-away data folder and an empty progress store, and saves: the home screen, a lesson, the
help screen, the command palette, the lab (a step of the update, and training on the
two moons), and a quiz answered with a typical mistake. When `rsvg-convert` is installed
(Debian: librsvg2-bin), each SVG is also converted to PNG; Chinese text needs a CJK font such as
fonts-wqy-microhei.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "screenshots"
SIZE = (100, 30)


class _EmptyStore:
    """Progress kept in memory only: screenshots never touch the user's real progress."""

    def set_lesson_progress(
        self, lesson_id: str, *, step: int, total_steps: int, done: bool
    ) -> None:
        pass

    def lesson_progress(self) -> dict[str, object]:
        return {}

    def last_lesson(self) -> str | None:
        return None


async def capture(lang: str) -> list[Path]:
    from bp_tutor.ui.app import TutorApp
    from bp_tutor.ui.start import StartTarget

    written: list[Path] = []

    def save(app: TutorApp, name: str) -> None:
        path = OUT / f"{name}-{lang}.svg"
        app.save_screenshot(filename=path.name, path=str(OUT))
        written.append(path)

    app = TutorApp(lang, _EmptyStore(), cursor_blink=False)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        save(app, "home")
        await pilot.press("question_mark")
        await pilot.pause(0.3)
        save(app, "help")
        await pilot.press("escape", "ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"neuron")
        await pilot.pause(0.5)
        save(app, "palette")

    start = StartTarget.lesson("neuron", 1)
    app = TutorApp(lang, _EmptyStore(), start=start, cursor_blink=False)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        save(app, "lesson")

    app = TutorApp(lang, _EmptyStore(), start=StartTarget.lab("toy-452"),  # type: ignore[arg-type]
                   cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        await pilot.press(*["n"] * 11)  # up to the update of W¹, its cells highlighted
        await pilot.pause(0.3)
        save(app, "lab-step")

    app = TutorApp(lang, _EmptyStore(), start=StartTarget.lab("moons"),  # type: ignore[arg-type]
                   cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        await pilot.press("2", *["s"] * 60)  # train mode, sixty single steps (deterministic)
        await pilot.pause(1.0)
        save(app, "lab-train")

    from bp_tutor.quiz import generate
    from bp_tutor.quiz.play import answer_text

    question = generate("sigmoid_prime", 3, lang)
    mistake = next(w for w in question.parts[0].wrong if w.misconception == "z_for_a")
    app = TutorApp(lang, _EmptyStore(), start=StartTarget.drill("sigmoid_prime", 3),  # type: ignore[arg-type]
                   cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        await pilot.press(*answer_text(mistake.value), "enter", "f2")
        await pilot.pause(0.3)
        save(app, "quiz")
    return written


def main() -> int:
    sys.path.insert(0, str(REPO))
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        os.environ["BP_TUTOR_DATA_DIR"] = data
        svgs = [path for lang in ("en", "zh") for path in asyncio.run(capture(lang))]
    converter = shutil.which("rsvg-convert")
    for svg in svgs:
        print(svg.relative_to(REPO))
        if converter:
            png = svg.with_suffix(".png")
            subprocess.run([converter, str(svg), "-o", str(png)], check=True)
            print(png.relative_to(REPO))
    if not converter:
        print("rsvg-convert not found: SVG only (apt-get install -y librsvg2-bin for PNG)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
