"""Many writers at once lose nothing, and neither does a process killed right after an answer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from bp_tutor.progress import open_store

REPO = Path(__file__).resolve().parents[2]
WRITERS = 30
ANSWERS_EACH = 20


def _write_answers(url: str, writer: int) -> None:
    with open_store(url, student=f"student{writer}") as store:
        for n in range(ANSWERS_EACH):
            store.record_attempt(
                kind="w_grad",
                topic="chain",
                seed=writer * 1000 + n,
                answer=f"{writer}:{n}",
                verdict="right" if n % 2 else "wrong",
                misconception=None if n % 2 else "sign_flip",
                seconds=1.0,
            )


def _assert_all_saved(url: str) -> None:
    with open_store(url, student="teacher") as teacher:
        seeds = sorted(a.seed for a in teacher.class_attempts())
        assert seeds == sorted(w * 1000 + n for w in range(WRITERS) for n in range(ANSWERS_EACH))
        assert len(teacher.students()) == WRITERS
        assert teacher.misconception_counts() == [("sign_flip", WRITERS * 10, WRITERS)]


def test_thirty_threads_each_with_its_own_store(store_url: str) -> None:
    # Create the schema first so the writers race on rows, as in a running classroom.
    open_store(store_url, student="teacher").close()
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            barrier.wait()
            _write_answers(store_url, number)
        except BaseException as error:  # collected and reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    _assert_all_saved(store_url)


_WRITER_PROCESS = textwrap.dedent(
    """
    import sys
    from bp_tutor.progress import open_store
    url, writer = sys.argv[1], int(sys.argv[2])
    with open_store(url, student=f"student{writer}") as store:
        for n in range(20):
            store.record_attempt(
                kind="w_grad", topic="chain", seed=writer * 1000 + n, answer=f"{writer}:{n}",
                verdict="right" if n % 2 else "wrong",
                misconception=None if n % 2 else "sign_flip", seconds=1.0,
            )
    """
)


@pytest.mark.slow
def test_thirty_processes_on_one_sqlite_file(tmp_path: Path) -> None:
    url = str(tmp_path / "progress.sqlite3")  # no schema yet: the processes race to create it
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER_PROCESS, url, str(n)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    failures = []
    for process in processes:
        _out, err = process.communicate(timeout=240)
        if process.returncode != 0:
            failures.append(err)
    assert failures == []
    _assert_all_saved(url)


_KILLED_PROCESS = textwrap.dedent(
    """
    import sys, time
    from bp_tutor.progress import open_store
    store = open_store(sys.argv[1], student="ana")
    store.record_attempt(kind="w_grad", topic="chain", seed=42, answer="last words",
                         verdict="right", misconception=None, seconds=2.0)
    print("recorded", flush=True)
    time.sleep(600)
    """
)


def test_answer_survives_sigkill_right_after_recording(tmp_path: Path) -> None:
    url = str(tmp_path / "progress.sqlite3")
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_PROCESS, url],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line == "recorded\n", child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    # The store never closed: its log is still beside the file, and reopening reads it.
    assert (tmp_path / "progress.sqlite3-wal").exists()
    with open_store(url, student="ana") as store:
        (saved,) = store.attempts()
        assert (saved.seed, saved.answer, saved.verdict) == (42, "last words", "right")
