"""Training inside the lab against the headless engine, on digits 64-64-10.

    python3 benchmarks/lab_training.py [--seconds 3] [--presses 30]

1. headless: `Trainer.step()` in a loop, nothing else running (the lab paused);
2. lab: the real app (headless terminal, 80×24) training in its worker with the curves redrawn at
   the lab's refresh rate; steps per second read from the session.
   The two alternate in rounds of `--seconds / --rounds`, so a change in the machine's load
   (other processes) touches both alike;
3. latency: while the lab trains, key presses (+, which answers with a message) are sent with the
   pilot and the time from each press to the next frame the app renders is taken.

Prints steps per second of both, their ratio (the goal is ≥ 0.80) and the latency median and p95
(the goal is a frame within 100 ms). Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bp_tutor.lab.settings import setup_from_preset
from bp_tutor.nn import Trainer

PRESET = "digits"
RATIO_GOAL = 0.80
LATENCY_GOAL = 0.100


def headless_trainer() -> Trainer:
    setup = setup_from_preset(PRESET)
    assert setup.dataset is not None
    trainer = Trainer(setup.network(), setup.dataset, setup.make_optimizer(),
                      batch_size=setup.batch_size, seed=setup.seed)
    for _ in range(50):  # warm up caches and the allocator
        trainer.step()
    return trainer


def headless_steps(trainer: Trainer, seconds: float) -> tuple[int, float]:
    """(steps, elapsed) of plain engine steps for about `seconds`."""
    start, steps = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        trainer.step()
        steps += 1
    return steps, time.perf_counter() - start


async def lab_run(seconds: float, rounds: int, presses: int
                  ) -> tuple[float, float, list[float], float]:
    """(headless steps/s, lab steps/s, key latencies, lab redraws/s)."""
    from textual.screen import Screen

    from bp_tutor.ui.app import TutorApp
    from bp_tutor.ui.screens.lab import LabScreen
    from bp_tutor.ui.start import StartTarget

    with tempfile.TemporaryDirectory() as folder:
        app = TutorApp("en", None, start=StartTarget.lab(PRESET),
                       settings_file=Path(folder) / "settings.toml", cursor_blink=False)
        frames: list[float] = []
        display = app._display

        def timed_display(screen: Screen[object], renderable: object) -> None:
            if renderable is not None:
                frames.append(time.perf_counter())
            display(screen, renderable)  # type: ignore[arg-type]

        app._display = timed_display  # type: ignore[method-assign]
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(50):
                await pilot.pause()
                if isinstance(app.screen, LabScreen):
                    break
            screen = app.screen
            assert isinstance(screen, LabScreen) and screen.session is not None
            session = screen.session
            # No epoch target: the lab would stop ("finished") before the measurement ends.
            session.setup = dataclasses.replace(session.setup, epochs=None)
            trainer = headless_trainer()
            await pilot.press("2", "space")
            await asyncio.sleep(0.3)  # past the first epoch's warm-up
            engine_steps = engine_time = lab_steps = lab_time = 0.0
            redraws = 0
            for _ in range(rounds):
                await pilot.press("space")  # pause the lab: the engine runs alone
                await pilot.pause()
                steps, elapsed = headless_steps(trainer, seconds / rounds)
                engine_steps, engine_time = engine_steps + steps, engine_time + elapsed
                await pilot.press("space")
                first, start, drawn = session.snapshot().steps, time.perf_counter(), screen._refreshes
                await asyncio.sleep(seconds / rounds)
                lab_steps += session.snapshot().steps - first
                lab_time += time.perf_counter() - start
                redraws += screen._refreshes - drawn

            latencies = []
            for _ in range(presses):
                await asyncio.sleep(0.1)
                assert session.running
                count = len(frames)
                pressed = time.perf_counter()
                await pilot.press("plus")
                while len(frames) == count:
                    await asyncio.sleep(0.001)
                latencies.append(frames[count] - pressed)
            await pilot.press("space")
        return engine_steps / engine_time, lab_steps / lab_time, latencies, redraws / lab_time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="per side, in total")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--presses", type=int, default=30)
    args = parser.parse_args()
    headless, lab, latencies, redraws = asyncio.run(
        lab_run(args.seconds, args.rounds, args.presses))
    ratio = lab / headless
    latencies.sort()
    median = statistics.median(latencies)
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    print("digits 64-64-10, batch 32, momentum")
    print(f"headless engine : {headless:10.0f} steps/s")
    print(f"lab (training)  : {lab:10.0f} steps/s   ({redraws:.1f} redraws/s)")
    print(f"ratio           : {ratio:10.2f}   (goal >= {RATIO_GOAL:.2f})")
    print(f"key -> frame    : median {1000 * median:.1f} ms, p95 {1000 * p95:.1f} ms "
          f"over {len(latencies)} presses   (goal < {1000 * LATENCY_GOAL:.0f} ms)")
    ok = ratio >= RATIO_GOAL and p95 < LATENCY_GOAL
    print("goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
