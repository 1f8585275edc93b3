"""Classroom load on loopback: logins at once, key-press latency, memory and idle CPU per session.

    python3 benchmarks/classroom.py [--burst 20] [--crowd 50] [--probes 40]

Starts `bp-tutor serve` on a free loopback port with a temporary data folder, then
1. `--burst` students connect in the same second; time until every one sees the home screen;
2. they leave, and `--crowd` students connect at once (same measure);
3. with the crowd connected and idle, one student presses ↓/↑ `--probes` times; the latency is
   from the key press to the first bytes of the redrawn screen (p50, p95);
4. the same while every other student presses a key five times a second;
5. memory per tutor process: USS (Private_Clean + Private_Dirty from /proc/PID/smaps_rollup);
6. idle CPU per tutor process over 10 s of silence (utime + stime from /proc/PID/stat).
Prints a table with the goals; exit status 1 if one is missed. Everything has a time limit and the
server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncssh

REPO = Path(__file__).resolve().parent.parent
HOME_MARKER = b"Lessons ("
DOWN, UP = b"\x1b[B", b"\x1b[A"
TICKS = os.sysconf("SC_CLK_TCK")
OVERALL_LIMIT_SECONDS = 300


class Server:
    def __init__(self, data_dir: Path, max_sessions: int) -> None:
        env = dict(os.environ, BP_TUTOR_DATA_DIR=str(data_dir), PYTHONPATH=str(REPO))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bp_tutor", "--lang", "en", "serve", "--host", "127.0.0.1", "--port", "0",
             "--max-sessions", str(max_sessions)],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        assert self.process.stdout is not None
        banner = b""
        deadline = time.monotonic() + 60
        while b"Ctrl+C" not in banner and time.monotonic() < deadline:
            if select.select([self.process.stdout], [], [], 0.5)[0]:
                chunk = os.read(self.process.stdout.fileno(), 4096)
                if not chunk:
                    break
                banner += chunk
        found = re.search(rb"listening on 127\.0\.0\.1:(\d+)", banner)
        if found is None:
            self.stop()
            raise SystemExit(f"server did not start:\n{banner.decode(errors='replace')}")
        self.port = int(found.group(1))

    def tutors(self) -> list[int]:
        """Grandchildren of the server: the students' tutor processes."""
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        zygotes = {pid for pid, parent in parents.items() if parent == self.process.pid}
        return sorted(pid for pid, parent in parents.items() if parent in zygotes)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Student:
    def __init__(self, name: str) -> None:
        self.name = name
        self.conn: Any = None
        self.process: Any = None
        self.output = asyncio.Queue[bytes]()
        self.reader: asyncio.Task[None] | None = None

    async def login(self, port: int) -> float:
        start = time.monotonic()
        self.conn = await asyncssh.connect("127.0.0.1", port, username=self.name, known_hosts=None,
                                           agent_path=None, client_keys=None)
        self.process = await self.conn.create_process(term_type="xterm-256color", term_size=(100, 30),
                                                      encoding=None)
        seen = b""
        while HOME_MARKER not in seen:
            chunk = await self.process.stdout.read(65536)
            if not chunk:
                raise RuntimeError(f"{self.name}: session ended before the home screen")
            seen += chunk
        elapsed = time.monotonic() - start
        self.reader = asyncio.ensure_future(self._pump())
        return elapsed

    async def _pump(self) -> None:
        while True:
            chunk = await self.process.stdout.read(65536)
            if not chunk:
                return
            self.output.put_nowait(chunk)

    def drain(self) -> None:
        while not self.output.empty():
            self.output.get_nowait()

    async def press(self, key: bytes) -> float:
        """Seconds from the key press to the first bytes of the answer on screen."""
        self.drain()
        start = time.monotonic()
        self.process.stdin.write(key)
        await asyncio.wait_for(self.output.get(), 10)
        return time.monotonic() - start

    async def leave(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
        if self.conn is not None:
            self.conn.close()
            await self.conn.wait_closed()


async def crowd_login(port: int, names: list[str]) -> tuple[list[Student], float, int]:
    students = [Student(name) for name in names]
    start = time.monotonic()
    results = await asyncio.gather(*(asyncio.wait_for(s.login(port), 60) for s in students),
                                   return_exceptions=True)
    failures = sum(1 for r in results if isinstance(r, BaseException))
    return students, time.monotonic() - start, failures


async def leave_all(students: list[Student]) -> None:
    await asyncio.gather(*(s.leave() for s in students), return_exceptions=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def spread(seconds: list[float]) -> str:
    return f"p50 {statistics.median(seconds) * 1000:.0f} ms, p95 {percentile(seconds, 0.95) * 1000:.0f} ms"


async def probe_latency(probe: Student, count: int) -> list[float]:
    latencies = []
    for index in range(count):
        latencies.append(await probe.press(DOWN if index % 2 == 0 else UP))
        await asyncio.sleep(0.1)
    return latencies


async def typing(student: Student, stop: asyncio.Event) -> None:
    index = 0
    while not stop.is_set():
        student.process.stdin.write(DOWN if index % 2 == 0 else UP)
        index += 1
        await asyncio.sleep(0.2)


def uss_kib(pid: int) -> int:
    total = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            total += int(line.split()[1])
    return total


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


async def measure(server: Server, burst: int, crowd: int, probes: int) -> list[tuple[str, str, str, bool]]:
    rows: list[tuple[str, str, str, bool]] = []
    students, seconds, failed = await crowd_login(server.port, [f"burst{i}" for i in range(burst)])
    rows.append((f"{burst} logins at once, all on home", f"{seconds:.2f} s ({failed} failed)", "<= 3 s",
                 seconds <= 3 and not failed))
    await leave_all(students)
    await asyncio.sleep(2)

    students, seconds, failed = await crowd_login(server.port, [f"student{i}" for i in range(crowd)])
    rows.append((f"{crowd} logins at once, all on home", f"{seconds:.2f} s ({failed} failed)", "<= 8 s",
                 seconds <= 8 and not failed))
    live = [s for s in students if s.reader is not None]
    try:
        await asyncio.sleep(2)
        probe, others = live[0], live[1:]
        idle = await probe_latency(probe, probes)
        p95 = percentile(idle, 0.95)
        rows.append((f"key press → screen, {len(others)} others idle",
                     spread(idle), "p95 <= 250 ms",
                     p95 <= 0.25))
        stop = asyncio.Event()
        typists = [asyncio.ensure_future(typing(s, stop)) for s in others]
        await asyncio.sleep(1)
        busy = await probe_latency(probe, probes)
        stop.set()
        await asyncio.gather(*typists, return_exceptions=True)
        rows.append((f"key press → screen, {len(others)} others typing 5 keys/s",
                     spread(busy),
                     "(reported)", True))
        await asyncio.sleep(3)
        tutors = server.tutors()
        sizes = [uss_kib(pid) / 1024 for pid in tutors]
        rows.append((f"memory per session (USS, {len(tutors)} sessions)",
                     f"mean {statistics.mean(sizes):.1f} MB, max {max(sizes):.1f} MB", "<= 25 MB",
                     max(sizes) <= 25))
        before = {pid: cpu_ticks(pid) for pid in tutors}
        window = 10.0
        await asyncio.sleep(window)
        shares = [(cpu_ticks(pid) - before[pid]) / TICKS / window * 100 for pid in tutors]
        rows.append((f"idle CPU per session ({window:.0f} s)",
                     f"mean {statistics.mean(shares):.3f} %, max {max(shares):.3f} % of a core", "< 0.2 %",
                     statistics.mean(shares) < 0.2))
    finally:
        await leave_all(students)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--burst", type=int, default=20)
    parser.add_argument("--crowd", type=int, default=50)
    parser.add_argument("--probes", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bp-tutor-classroom-") as folder:
        server = Server(Path(folder), max_sessions=max(args.burst, args.crowd) + 5)
        try:
            rows = asyncio.run(asyncio.wait_for(measure(server, args.burst, args.crowd, args.probes),
                                                OVERALL_LIMIT_SECONDS))
        finally:
            server.stop()
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print(f"{'measure':<{width}}  {'measured':<{value_width}}  goal")
    for name, value, goal, ok in rows:
        print(f"{name:<{width}}  {value:<{value_width}}  {goal}  {'ok' if ok else 'MISSED'}")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
