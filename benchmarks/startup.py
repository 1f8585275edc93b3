"""Start-up time of bp-tutor against a bare Textual hello-world, measured in the same run.

    python3 benchmarks/startup.py [--runs 7] [--max-ratio 1.5]

Both programs run as subprocesses in a pseudo-terminal of 80×24 and exit as soon as their first
screen has been painted (bp-tutor via BP_TUTOR_EXIT_AFTER_FIRST_FRAME=1). The wall time from
spawn to exit is taken several times, alternating the two, and the medians are compared. Exit
status 1 when bp-tutor's median exceeds `--max-ratio` times the hello-world's.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

HELLO_WORLD = """
from textual.app import App, ComposeResult
from textual.widgets import Static


class Hello(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Hello, world")

    def on_mount(self) -> None:
        self.call_after_refresh(self.exit)


Hello().run()
"""


def run_in_terminal(command: list[str], env: dict[str, str], timeout: float = 60.0) -> float:
    """Seconds from spawn to exit of `command` attached to a fresh 80×24 pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

    def drain() -> None:
        # The child blocks if nobody reads what it draws.
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=REPO, close_fds=True
    )
    try:
        status = process.wait(timeout=timeout)
    finally:
        elapsed = time.perf_counter() - started
        os.close(slave)
        os.close(master)
    if status != 0:
        raise RuntimeError(f"{' '.join(command)} exited with status {status}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each program (default 7)")
    parser.add_argument("--max-ratio", type=float, default=1.5, help="allowed ratio (1.5)")
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ)
        env.update(
            TERM="xterm-256color",
            BP_TUTOR_DATA_DIR=data,
            BP_TUTOR_EXIT_AFTER_FIRST_FRAME="1",
            PYTHONPATH=str(REPO),
        )
        hello_cmd = [sys.executable, "-c", HELLO_WORLD]
        app_cmd = [sys.executable, "-m", "bp_tutor", "--lang", args.lang]
        # One untimed run each: the first start compiles bytecode and creates the database.
        run_in_terminal(hello_cmd, env)
        run_in_terminal(app_cmd, env)
        hello: list[float] = []
        app: list[float] = []
        for _ in range(args.runs):
            hello.append(run_in_terminal(hello_cmd, env))
            app.append(run_in_terminal(app_cmd, env))

    hello_median, app_median = statistics.median(hello), statistics.median(app)
    ratio = app_median / hello_median
    print(f"hello-world median: {hello_median * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"bp-tutor median:    {app_median * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"ratio:              {ratio:7.2f}  (limit {args.max_ratio})")
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    raise SystemExit(main())
